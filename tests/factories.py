"""factory_boy factories for the shop's models."""

from decimal import Decimal

import factory

from shop.accounts.models import User
from shop.catalog.models import Product

DEFAULT_PASSWORD = "a-Long-and-unusual-passphrase-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda number: f"user{number}@example.com")
    first_name = "Ann"
    last_name = "Lee"
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda number: f"SKU-{number:05d}")
    name = factory.Sequence(lambda number: f"Product {number}")
    description = "A useful thing."
    price = Decimal("10.00")
    stock = 10
    is_active = True
