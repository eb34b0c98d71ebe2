from django.conf import settings
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from .filters import ProductFilter
from .models import Product
from .pagination import ProductPagination
from .serializers import PRODUCT_FIELDS, ProductSerializer, product_body

LIST_DESCRIPTION = (
    "`count` is exact on the last page. On other pages it is cached per filter "
    "set for up to PRODUCT_COUNT_CACHE_SECONDS ({seconds} s by default), so it "
    "may lag that long behind products that were added, changed or sold out."
)


@extend_schema_view(
    get=extend_schema(
        summary="List available products (active, not sold out)",
        description=LIST_DESCRIPTION.format(seconds=settings.PRODUCT_COUNT_CACHE_SECONDS),
    ),
)
class ProductListView(generics.ListAPIView):
    # The serializer describes the response in the OpenAPI schema; the body
    # itself is built by product_body from values(), which costs less per row.
    serializer_class = ProductSerializer
    pagination_class = ProductPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProductFilter

    def get_queryset(self):
        return Product.objects.available()

    def filter_queryset(self, queryset):
        # Without filter parameters there is nothing to validate, so the
        # FilterSet and its form, a tenth of the request's time, are skipped.
        if not any(name in self.request.query_params for name in ProductFilter.base_filters):
            return queryset.order_by("id")
        return super().filter_queryset(queryset)

    def list(self, request: Request, *args, **kwargs) -> Response:
        queryset = self.filter_queryset(self.get_queryset()).values(*PRODUCT_FIELDS)

        rows = self.paginate_queryset(queryset)

        return self.get_paginated_response([product_body(row) for row in rows])


@extend_schema_view(
    get=extend_schema(summary="Show one available product"),
)
class ProductDetailView(generics.RetrieveAPIView):
    serializer_class = ProductSerializer

    def get_queryset(self):
        return Product.objects.available().values(*PRODUCT_FIELDS)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(product_body(self.get_object()))
