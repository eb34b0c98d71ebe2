"""Placing an order: check every line, then buy all of it or nothing.

Stock is changed in one transaction. On PostgreSQL the product rows are
locked in primary-key order, so two orders for the same products queue
instead of deadlocking. On SQLite the transaction starts with BEGIN IMMEDIATE
(see the database settings), which serializes writers the same way.
"""

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When

from shop.accounts.models import User
from shop.catalog.list_cache import forget_counts
from shop.catalog.models import Product
from shop.common.errors import Conflict, DomainValidationError, FieldError, UnprocessableEntity

from .models import Order, OrderItem

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OrderLine:
    index: int
    product_id: int
    quantity: int


@dataclass(frozen=True)
class PlacedOrder:
    order: Order
    replayed: bool


class IdempotencyKeyReused(UnprocessableEntity):
    default_detail = "This Idempotency-Key was already used with a different request body."
    default_code = "idempotency_key_reused"


class IdempotencyKeyInProgress(Conflict):
    default_detail = "A request with this Idempotency-Key is still being processed; retry later."
    default_code = "idempotency_key_in_progress"


def place_order(
    *,
    user: User,
    lines: Sequence[OrderLine],
    idempotency_key: str | None = None,
    fingerprint: str = "",
) -> PlacedOrder:
    """Buy every line or nothing.

    Raises DomainValidationError with one error per wrong line, and for a
    reused Idempotency-Key either IdempotencyKeyReused (different body) or
    IdempotencyKeyInProgress (the first request has not finished).
    """
    if idempotency_key:
        previous = _find_previous(user, idempotency_key, fingerprint)
        if previous is not None:
            return PlacedOrder(order=previous, replayed=True)

    try:
        order = _buy(
            user=user, lines=lines, idempotency_key=idempotency_key, fingerprint=fingerprint
        )
    except IntegrityError:
        if not idempotency_key:
            raise
        # A concurrent request with the same key committed first.
        previous = _find_previous(user, idempotency_key, fingerprint)
        if previous is None:
            raise IdempotencyKeyInProgress from None
        return PlacedOrder(order=previous, replayed=True)

    logger.info(
        "order placed",
        extra={"user_id": user.pk, "order_id": order.pk, "lines": len(lines)},
    )
    return PlacedOrder(order=order, replayed=False)


def find_line_errors(lines: Sequence[OrderLine], products: dict[int, Product]) -> list[FieldError]:
    """Return one error per wrong line: duplicate, unknown, unavailable or short of stock."""
    errors = []
    seen: set[int] = set()
    for line in lines:
        error = _line_error(line, products.get(line.product_id), seen)
        seen.add(line.product_id)
        if error is not None:
            errors.append(error)
    return errors


def check_lines_without_lock(lines: Sequence[OrderLine]) -> list[FieldError]:
    """Check lines against current stock without buying, for error reports only."""
    products = Product.objects.in_bulk([line.product_id for line in lines])
    return find_line_errors(lines, products)


def _line_error(line: OrderLine, product: Product | None, seen: set[int]) -> FieldError | None:
    attr = f"items.{line.index}.product_id"
    if line.product_id in seen:
        return FieldError(
            attr, "duplicate", f"Product {line.product_id} is already in an earlier item."
        )
    if product is None:
        return FieldError(attr, "does_not_exist", f"Product {line.product_id} does not exist.")
    if not product.is_available:
        return FieldError(attr, "not_available", f'"{product.name}" is not available.')
    if product.stock < line.quantity:
        return FieldError(
            f"items.{line.index}.quantity",
            "insufficient_stock",
            f'Only {product.stock} of "{product.name}" left; {line.quantity} requested.',
        )
    return None


def _buy(
    *, user: User, lines: Sequence[OrderLine], idempotency_key: str | None, fingerprint: str
) -> Order:
    with transaction.atomic():
        products = _lock_products(line.product_id for line in lines)
        errors = find_line_errors(lines, products)
        if errors:
            raise DomainValidationError(errors)

        order = _create_order(user, lines, products, idempotency_key, fingerprint)
        _decrement_stock(lines)
        if any(products[line.product_id].stock == line.quantity for line in lines):
            # A product just sold out, so it left the available set.
            forget_counts()
    return order


def _lock_products(product_ids: Iterable[int]) -> dict[int, Product]:
    # Sorted locking order is what prevents deadlocks between two orders.
    queryset = Product.objects.select_for_update().filter(pk__in=set(product_ids)).order_by("pk")
    return {product.pk: product for product in queryset}


def _create_order(
    user: User,
    lines: Sequence[OrderLine],
    products: dict[int, Product],
    idempotency_key: str | None,
    fingerprint: str,
) -> Order:
    items = [
        OrderItem(
            product_id=line.product_id,
            sku=products[line.product_id].sku,
            name=products[line.product_id].name,
            unit_price=products[line.product_id].price,
            quantity=line.quantity,
            line_total=products[line.product_id].price * line.quantity,
        )
        for line in lines
    ]
    order = Order.objects.create(
        user=user,
        currency=settings.SHOP_CURRENCY,
        total=sum((item.line_total for item in items), Decimal("0.00")),
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
    )
    for item in items:
        item.order = order
    OrderItem.objects.bulk_create(items)
    # order.items.all() now returns these rows, so the response needs no query.
    order._prefetched_objects_cache = {"items": items}
    return order


def _decrement_stock(lines: Sequence[OrderLine]) -> None:
    # One UPDATE for all lines; the CHECK (stock >= 0) constraint backs up the
    # check made under the lock.
    whens = [When(pk=line.product_id, then=Value(line.quantity)) for line in lines]
    Product.objects.filter(pk__in=[line.product_id for line in lines]).update(
        stock=F("stock") - Case(*whens, default=Value(0))
    )


def _find_previous(user: User, idempotency_key: str, fingerprint: str) -> Order | None:
    previous = (
        Order.objects.filter(user=user, idempotency_key=idempotency_key)
        .prefetch_related("items")
        .first()
    )
    if previous is not None and previous.request_fingerprint != fingerprint:
        logger.info("idempotency key reused with another body", extra={"user_id": user.pk})
        raise IdempotencyKeyReused
    return previous
