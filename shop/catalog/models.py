"""Products and the rule for which of them are available."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

AVAILABLE = Q(is_active=True, stock__gt=0)


class ProductQuerySet(models.QuerySet):
    def available(self) -> "ProductQuerySet":
        """Active products with at least one unit left."""
        return self.filter(AVAILABLE)


class Product(models.Model):
    sku = models.CharField("SKU", max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    stock = models.PositiveIntegerField(default=0, help_text="Units left.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="catalog_product_stock_gte_0"),
            models.CheckConstraint(condition=Q(price__gte=0), name="catalog_product_price_gte_0"),
        ]
        indexes = [
            # The product list reads only the available set, ordered by id or price.
            models.Index(fields=["id"], condition=AVAILABLE, name="catalog_available_id"),
            models.Index(
                fields=["price", "id"], condition=AVAILABLE, name="catalog_available_price"
            ),
            models.Index(fields=["name", "id"], condition=AVAILABLE, name="catalog_available_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"

    @property
    def is_available(self) -> bool:
        return self.is_active and self.stock > 0
