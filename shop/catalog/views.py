from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from .filters import ProductFilter
from .models import Product
from .serializers import ProductSerializer


@extend_schema_view(
    get=extend_schema(summary="List available products (active, not sold out)"),
)
class ProductListView(generics.ListAPIView):
    serializer_class = ProductSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProductFilter

    def get_queryset(self):
        return Product.objects.available()


@extend_schema_view(
    get=extend_schema(summary="Show one available product"),
)
class ProductDetailView(generics.RetrieveAPIView):
    serializer_class = ProductSerializer

    def get_queryset(self):
        return Product.objects.available()
