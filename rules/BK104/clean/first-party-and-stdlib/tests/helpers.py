def make_item() -> dict[str, str]:
    return {"name": "x"}
