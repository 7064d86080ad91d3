from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route


async def ok(request):
    return PlainTextResponse("ok")


app = Starlette(routes=[Mount("/readyz", routes=[Route("/", ok)])])
