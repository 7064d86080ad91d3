import requests

from shop.orders.pricing import total
from shop.store.carts import save


def checkout(cart_id: int) -> int:
    save(cart_id)
    requests.post("https://example.com", json={"cart": cart_id})
    return total(cart_id)
