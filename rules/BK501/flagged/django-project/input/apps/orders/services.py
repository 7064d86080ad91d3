from decimal import Decimal

from apps.orders.models import Order
from apps.users.models import User
from apps.users.views import MeView


def place_order(user: User, total: Decimal) -> Order:
    return Order.objects.create(owner=user, total=total)
