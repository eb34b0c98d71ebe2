from django.contrib import admin

from .models import Order, OrderItem


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    can_delete = False
    fields = ["product", "sku", "name", "unit_price", "quantity", "line_total"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "status", "total", "currency", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["id", "user__email"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "status",
        "currency",
        "total",
        "created_at",
        "idempotency_key",
        "request_fingerprint",
    ]
    inlines = [OrderItemInline]

    def has_add_permission(self, request) -> bool:
        # Orders change stock, so they are placed only through the API.
        return False
