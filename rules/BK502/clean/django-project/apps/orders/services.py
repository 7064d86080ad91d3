from decimal import Decimal

from apps.orders.models import Order
from apps.users.models import User


def place_order(user: User, total: Decimal) -> Order:
    return Order.objects.create(owner=user, total=total)
