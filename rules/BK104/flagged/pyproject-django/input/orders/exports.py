from google.cloud import bigquery, storage
from google.protobuf import json_format
from google.protobuf.message import Message

from orders.models import Order


def export(order: Order) -> None:
    storage.Client().bucket("orders").blob(order.reference).upload_from_string("{}")
    bigquery.Client().insert_rows_json("shop.orders", [{"reference": order.reference}])


def to_json(message: Message) -> str:
    return json_format.MessageToJson(message)
