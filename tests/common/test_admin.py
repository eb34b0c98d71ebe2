from http import HTTPStatus

import pytest
from django.urls import reverse

from shop.orders.models import Order
from shop.orders.services import OrderLine, place_order


@pytest.mark.parametrize(
    "name",
    [
        "admin:catalog_product_changelist",
        "admin:orders_order_changelist",
        "admin:accounts_user_changelist",
        "admin:catalog_product_add",
        "admin:accounts_user_add",
    ],
)
def test_admin_page_loads_for_staff(admin_client, name):
    assert admin_client.get(reverse(name)).status_code == HTTPStatus.OK


def test_admin_shows_order_lines_read_only(admin_client, user, product):
    placed = place_order(user=user, lines=[OrderLine(index=0, product_id=product.pk, quantity=2)])

    response = admin_client.get(reverse("admin:orders_order_change", args=[placed.order.pk]))

    assert response.status_code == HTTPStatus.OK
    assert product.sku in response.content.decode()
    assert admin_client.get(reverse("admin:orders_order_add")).status_code == HTTPStatus.FORBIDDEN
    assert Order.objects.count() == 1


def test_admin_rejects_anonymous_user(client, db):
    response = client.get(reverse("admin:catalog_product_changelist"))

    assert response.status_code == HTTPStatus.FOUND
