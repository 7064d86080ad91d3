from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def products(request):
    return JSONResponse([{"sku": "A-1"}])


application = Starlette(routes=[Route("/products", products)])
