import uvicorn_config

from app.routers import items
from worker import queue

print(items.router, queue.QUEUE, uvicorn_config.PORT)
