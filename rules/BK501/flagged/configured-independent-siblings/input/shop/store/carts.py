from shop.orders import checkout as _checkout_module


def save(cart_id: int) -> None:
    pass
