def total(cart_id: int) -> int:
    return cart_id * 2
