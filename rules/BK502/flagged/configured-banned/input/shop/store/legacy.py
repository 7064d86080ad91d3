from shop.orders.pricing import total


def old_total(cart_id: int) -> int:
    return total(cart_id)
