"""What type checkers must see on the fixed models (checked with mypy after the fix).

`assert_type` fails on `Any`, so each line also proves that the fix wrote the exact type.
"""

import datetime
import uuid
from decimal import Decimal
from typing import Any

from blog.models import Author, Comment, Post
from shop.catalog import Category, PriceHistory, Product, ProductImage
from shop.enums import OrderStatus, Role
from shop.inventory import StockItem, Warehouse
from shop.marketing import ApiToken, Channel, Coupon, DailyStat, Setting, Wishlist, WishlistItem
from shop.orders import CreditNote, Invoice, Order, OrderLine, Payment, Shipment
from shop.staff import Employee, Engineer, Manager
from shop.users import Address, Group, Profile, User
from sqlalchemy.orm import AppenderQuery
from typing_extensions import assert_type


def check_users(user: User, profile: Profile, address: Address, group: Group) -> None:
    assert_type(user.id, int)
    assert_type(user.email, str)
    assert_type(user.full_name, str | None)
    assert_type(user.birthday, datetime.date | None)
    assert_type(user.last_login, datetime.datetime | None)
    assert_type(user.is_active, bool)
    assert_type(user.role, Role)
    assert_type(user.public_id, uuid.UUID)
    assert_type(user.avatar, bytes | None)
    assert_type(user.login_count, int | None)
    assert_type(user.created_at, datetime.datetime)
    assert_type(user.updated_at, datetime.datetime | None)
    assert_type(user.deleted_at, datetime.datetime | None)
    assert_type(user.is_deleted, bool)
    assert_type(user.profile, Profile | None)
    assert_type(user.addresses, list[Address])
    assert_type(user.groups, list[Group])
    assert_type(user.orders, list[Order])
    assert_type(profile.user_id, int)
    assert_type(profile.user, User)
    assert_type(address.user_id, int | None)
    assert_type(address.postcode, str | None)
    assert_type(address.user, User | None)
    assert_type(group.members, list[User])


def check_catalog(category: Category, product: Product, image: ProductImage) -> None:
    assert_type(category.parent_id, int | None)
    assert_type(category.position, int)
    assert_type(category.children, list[Category])
    assert_type(category.parent, Category | None)
    assert_type(product.price, Decimal)
    assert_type(product.cost, Decimal | None)
    assert_type(product.weight_kg, float | None)
    assert_type(product.ratio, float | None)
    assert_type(product.category_id, int)
    assert_type(product.category, Category)
    assert_type(product.search_terms, list[str] | None)
    assert_type(image.id, int)
    assert_type(image.product, Product)


def check_prices(history: PriceHistory) -> None:
    assert_type(history.product_id, int)
    assert_type(history.valid_from, int)
    assert_type(history.product, Product)


def check_orders(order: Order, line: OrderLine, payment: Payment, shipment: Shipment) -> None:
    assert_type(order.id, int)
    assert_type(order.customer_id, int)
    assert_type(order.shipping_address_id, int | None)
    assert_type(order.status, OrderStatus)
    assert_type(order.channel, str | None)
    assert_type(order.total, Decimal)
    assert_type(order.customer, User)
    assert_type(order.shipping_address, Address | None)
    assert_type(order.lines, list[OrderLine])
    assert_type(order.payment, Payment | None)
    assert_type(order.shipments, AppenderQuery[Shipment])
    assert_type(line.order_id, int)
    assert_type(line.product_id, int)
    assert_type(line.order, Order)
    assert_type(payment.id, uuid.UUID)
    assert_type(payment.order_id, int | None)
    assert_type(shipment.delivery_window, datetime.timedelta | None)
    assert_type(shipment.cutoff, datetime.time | None)


def check_invoices(invoice: Invoice, note: CreditNote) -> None:
    assert_type(invoice.series, str)
    assert_type(invoice.number, int)
    assert_type(invoice.order, Order)
    assert_type(note.invoice, Invoice)


def check_staff(employee: Employee, manager: Manager, engineer: Engineer) -> None:
    assert_type(employee.manager_id, int | None)
    assert_type(employee.manager, Manager | None)
    assert_type(manager.id, int)
    assert_type(manager.reports, list[Employee])
    assert_type(engineer.language, str | None)


def check_inventory(warehouse: Warehouse, item: StockItem) -> None:
    assert_type(warehouse.code, str)
    assert_type(warehouse.latitude, float | None)
    assert_type(item.warehouse_code, str)
    assert_type(item.warehouse, Warehouse)
    assert_type(item.supplier_id, int | None)
    assert_type(item.product, Product)


def check_marketing(
    coupon: Coupon, wishlist: Wishlist, item: WishlistItem, stat: DailyStat, token: ApiToken
) -> None:
    assert_type(coupon.amount_off, Decimal | None)
    assert_type(coupon.starts_at, datetime.datetime)
    assert_type(coupon.channel, Channel | None)
    assert_type(wishlist.items, set[WishlistItem])
    assert_type(item.added_on, datetime.date | None)
    assert_type(stat.date, datetime.date)
    assert_type(stat.time, datetime.time | None)
    assert_type(token.token, str)
    assert_type(token.scopes, str)
    assert_type(token.ttl, datetime.timedelta)
    assert_type(token.user, User | None)


def check_uncertain(user: User, setting: Setting) -> None:
    # Types backlint could only guess: the fixes that wrote them were unsafe.
    assert_type(user.username, Any | None)
    assert_type(user.legacy_id, Any | None)
    assert_type(setting.value, dict[str, Any] | None)


def check_blog(author: Author, post: Post, comment: Comment) -> None:
    assert_type(author.email, str | None)
    assert_type(author.posts, list[Post])
    assert_type(post.created, datetime.datetime)
    assert_type(post.published, bool | None)
    assert_type(post.author, Author)
    assert_type(comment.reply_to_id, int | None)
    assert_type(comment.score, float | None)
    assert_type(comment.replies, list[Comment])
    assert_type(comment.reply_to, Comment | None)
