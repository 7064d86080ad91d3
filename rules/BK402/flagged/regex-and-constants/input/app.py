from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

ANY_ORIGIN = r"https://.*"

app = Starlette(
    middleware=[
        Middleware(
            CORSMiddleware,
            allow_origin_regex=ANY_ORIGIN,
            allow_credentials=True,
        )
    ]
)
