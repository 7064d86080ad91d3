ITEMS: list[object] = []
