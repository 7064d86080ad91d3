from starlette.middleware.cors import CORSMiddleware

from app.api import api

application = CORSMiddleware(api, allow_origins=["https://example.com"])
