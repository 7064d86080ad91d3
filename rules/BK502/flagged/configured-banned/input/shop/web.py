from shop.orders.checkout import checkout


def handle(cart_id: int) -> int:
    return checkout(cart_id)
