def save(cart_id: int) -> None:
    pass
