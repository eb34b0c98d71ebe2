"""Order endpoints: place an order, list and show one's own orders."""

import hashlib
import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from shop.common.errors import DomainValidationError, FieldError
from shop.common.schema import error_response

from .models import Order
from .serializers import (
    OrderInputSerializer,
    OrderLineInputSerializer,
    OrderSerializer,
    order_body,
)
from .services import OrderLine, check_lines_without_lock, place_order

IDEMPOTENCY_KEY_MAX_LENGTH = 255

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name="Idempotency-Key",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Up to 255 characters. A retry with the same key and body returns the first "
        "answer and buys nothing more; the same key with another body gets 422."
    ),
)


class OrderListCreateView(generics.ListAPIView):
    serializer_class = OrderSerializer

    def get_queryset(self):
        return Order.objects.filter(user=self.request.user).prefetch_related("items")

    @extend_schema(summary="List the signed-in user's orders, newest first")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=OrderInputSerializer,
        responses={
            201: OrderSerializer,
            409: error_response("A request with this Idempotency-Key is still in progress."),
            413: error_response("The request body is larger than the configured limit."),
            422: error_response("This Idempotency-Key was used with a different body."),
        },
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        summary="Place an order: every item is bought, or none",
    )
    def post(self, request: Request) -> Response:
        idempotency_key = _idempotency_key(request)
        lines = _validated_lines(request.data)

        placed = place_order(
            user=request.user,
            lines=lines,
            idempotency_key=idempotency_key,
            fingerprint=_fingerprint(request.data),
        )

        location = f"/api/orders/{placed.order.pk}"
        body = order_body(placed.order)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})

    def list(self, request: Request, *args, **kwargs) -> Response:
        orders = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([order_body(order) for order in orders])


class OrderDetailView(generics.RetrieveAPIView):
    serializer_class = OrderSerializer

    def get_queryset(self):
        return Order.objects.filter(user=self.request.user).prefetch_related("items")

    @extend_schema(summary="Show one of the signed-in user's orders")
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(order_body(self.get_object()))


def _validated_lines(data) -> list[OrderLine]:
    """Validate the body's shape; report shape and stock errors together.

    Lines whose shape is fine are also checked against the catalogue, so a
    client learns of an unknown product and a bad quantity in one response.
    """
    serializer = OrderInputSerializer(data=data)
    if serializer.is_valid():
        return [
            OrderLine(index=index, product_id=item["product_id"], quantity=item["quantity"])
            for index, item in enumerate(serializer.validated_data["items"])
        ]

    item_errors = serializer.errors.get("items")
    if not _is_per_item(item_errors):
        raise ValidationError(_list_level_errors(serializer.errors))

    valid_lines = []
    for index, raw in enumerate(data["items"]):
        if index not in item_errors:
            item = OrderLineInputSerializer(data=raw)
            item.is_valid(raise_exception=True)
            valid_lines.append(OrderLine(index=index, **item.validated_data))

    domain_errors = check_lines_without_lock(valid_lines)
    shape_errors = _flatten_item_errors(item_errors)
    raise DomainValidationError(sorted(shape_errors + domain_errors, key=_error_position))


def _is_per_item(item_errors) -> bool:
    """True when the list itself is fine and only some entries are wrong.

    DRF reports entry errors as a dict keyed by list index, and errors about
    the list itself under "non_field_errors".
    """
    return isinstance(item_errors, dict) and all(isinstance(key, int) for key in item_errors)


def _list_level_errors(errors: dict) -> dict:
    """Put errors about the list itself on `items`, not on `items.non_field_errors`."""
    item_errors = errors.get("items")
    if isinstance(item_errors, dict) and "non_field_errors" in item_errors:
        return {**errors, "items": item_errors["non_field_errors"]}
    return errors


def _flatten_item_errors(item_errors: dict) -> list[FieldError]:
    flat = []
    for index, fields in item_errors.items():
        if isinstance(fields, list):
            # An entry that is null gets a plain list of errors, not one per field.
            flat.extend(FieldError(f"items.{index}", detail.code, str(detail)) for detail in fields)
            continue
        for field, details in fields.items():
            attr = f"items.{index}" if field == "non_field_errors" else f"items.{index}.{field}"
            flat.extend(FieldError(attr, detail.code, str(detail)) for detail in details)
    return flat


def _error_position(error: FieldError) -> tuple[int, str]:
    parts = (error.attr or "").split(".")
    index = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1
    return index, error.attr or ""


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not key.strip() or len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ValidationError(
            [f"The Idempotency-Key header must be 1 to {IDEMPOTENCY_KEY_MAX_LENGTH} characters."]
        )
    return key


def _fingerprint(data) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
