from django.conf import settings
from rest_framework import serializers

from .models import Product


class ProductSerializer(serializers.ModelSerializer):
    currency = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = ["id", "sku", "name", "description", "price", "currency", "stock"]
        read_only_fields = fields

    def get_currency(self, product: Product) -> str:
        return settings.SHOP_CURRENCY
