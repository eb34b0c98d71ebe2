"""Order bodies: the input is a list of lines, the output a priced order."""

from rest_framework import serializers

from .models import Order, OrderItem

MAX_ITEMS = 100
MAX_QUANTITY = 1000


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only: DRF's IntegerField would also take "2" and 2.0."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class OrderLineInputSerializer(serializers.Serializer):
    product_id = StrictIntegerField(min_value=1, max_value=2**63 - 1)
    quantity = StrictIntegerField(min_value=1, max_value=MAX_QUANTITY)


class OrderInputSerializer(serializers.Serializer):
    items = OrderLineInputSerializer(many=True, min_length=1, max_length=MAX_ITEMS)


class OrderItemSerializer(serializers.ModelSerializer):
    product_id = serializers.IntegerField()

    class Meta:
        model = OrderItem
        fields = ["product_id", "sku", "name", "unit_price", "quantity", "line_total"]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer):
    items = OrderItemSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = ["id", "status", "created_at", "currency", "total", "items"]
        read_only_fields = fields


_CREATED_AT = serializers.DateTimeField()


def order_body(order: Order) -> dict:
    """Build an order's response body, the same as OrderSerializer's, at a lower cost.

    Reads `order.items.all()`, so prefetch the items when building many.
    """
    return {
        "id": order.pk,
        "status": order.status,
        "created_at": _CREATED_AT.to_representation(order.created_at),
        "currency": order.currency,
        "total": f"{order.total:.2f}",
        "items": [_item_body(item) for item in order.items.all()],
    }


def _item_body(item: OrderItem) -> dict:
    return {
        "product_id": item.product_id,
        "sku": item.sku,
        "name": item.name,
        "unit_price": f"{item.unit_price:.2f}",
        "quantity": item.quantity,
        "line_total": f"{item.line_total:.2f}",
    }
