import queue_settings

from worker.queue import QUEUE

print(QUEUE, queue_settings.NAME)
