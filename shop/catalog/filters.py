"""Query parameters of the product list; invalid values are a 400."""

from decimal import Decimal

import django_filters
from django.db.models import Q

from .models import Product

MAX_SEARCH_LENGTH = 200
ORDERINGS = ["price", "-price", "name", "-name", "id", "-id"]


class ProductFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=MAX_SEARCH_LENGTH,
        help_text="Case-insensitive match in name, SKU or description.",
    )
    min_price = django_filters.NumberFilter(
        field_name="price",
        lookup_expr="gte",
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text="Lowest price, inclusive.",
    )
    max_price = django_filters.NumberFilter(
        field_name="price",
        lookup_expr="lte",
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text="Highest price, inclusive.",
    )
    # One field only: django-filter's OrderingFilter would also take
    # "price,name", which the API does not offer.
    ordering = django_filters.ChoiceFilter(
        choices=[(value, value) for value in ORDERINGS],
        method="filter_ordering",
        help_text="price, -price, name, -name, id or -id; ties are broken by id.",
    )

    class Meta:
        model = Product
        fields: list[str] = []

    def filter_ordering(self, queryset, name: str, value: str):
        return queryset.order_by(value)

    def filter_search(self, queryset, name: str, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(sku__icontains=value) | Q(description__icontains=value)
        )

    @property
    def qs(self):
        queryset = super().qs
        # A stable order makes pages deterministic: ties are broken by id.
        ordering = list(queryset.query.order_by) or ["id"]
        if "id" not in ordering and "-id" not in ordering:
            ordering.append("id")
        return queryset.order_by(*ordering)
