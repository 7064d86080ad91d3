from myapp.models.common import Pagination
from myapp.models.user import User, UserCreate

__all__ = ["Pagination", "User", "UserCreate"]
