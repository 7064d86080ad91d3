from celery import shared_task

from orders.exports import export
from orders.models import Order


@shared_task
def export_order(order_id: int) -> None:
    export(Order.objects.get(pk=order_id))
