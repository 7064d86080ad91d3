from app.models.item import Item
from app.models.user import User

__all__ = ["Item", "User"]
