"""Query counts of the order endpoints: constant in page size and in order lines."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse

from shop.orders.models import Order
from shop.orders.serializers import OrderSerializer, order_body

ORDERS_URL = reverse("orders:order-list")
PRODUCTS_URL = reverse("catalog:product-list")


@pytest.fixture
def warm_client(auth_client):
    """An authenticated client whose user state is already cached."""
    assert auth_client.get(PRODUCTS_URL).status_code == HTTPStatus.OK
    return auth_client


def place(client, products, quantity: int = 1):
    items = [{"product_id": product.pk, "quantity": quantity} for product in products]
    response = client.post(ORDERS_URL, {"items": items}, format="json")
    assert response.status_code == HTTPStatus.CREATED, response.content
    return response.json()


# Savepoint, row lock (SELECT ... FOR UPDATE), order insert, one insert for all
# lines, one stock update for all lines, savepoint release. Outside a test's
# transaction the savepoint statements are BEGIN and COMMIT instead.
ORDER_QUERIES = 6


@pytest.mark.parametrize("lines", [1, 2, 10, 40])
def test_order_query_count_is_constant_in_lines(
    warm_client, product_factory, django_assert_num_queries, lines
):
    products = product_factory.create_batch(lines, stock=5)

    with django_assert_num_queries(ORDER_QUERIES):
        body = place(warm_client, products)

    assert len(body["items"]) == lines


def test_order_with_idempotency_key_adds_one_lookup(
    warm_client, product_factory, django_assert_num_queries
):
    products = product_factory.create_batch(3, stock=5)
    items = [{"product_id": product.pk, "quantity": 1} for product in products]

    with django_assert_num_queries(ORDER_QUERIES + 1):
        response = warm_client.post(
            ORDERS_URL, {"items": items}, format="json", HTTP_IDEMPOTENCY_KEY="key-1"
        )

    assert response.status_code == HTTPStatus.CREATED


@pytest.mark.parametrize("page_size", [1, 20])
def test_order_list_queries_ignore_page_size(
    warm_client, product_factory, django_assert_num_queries, page_size
):
    products = product_factory.create_batch(4, stock=50)
    for _ in range(21):
        place(warm_client, products)

    # Count, one page of orders, and their lines in one prefetch query.
    with django_assert_num_queries(3):
        response = warm_client.get(ORDERS_URL, {"page_size": page_size})

    results = response.json()["results"]
    assert len(results) == page_size
    assert all(len(order["items"]) == 4 for order in results)


def test_order_detail_costs_two_queries(warm_client, product_factory, django_assert_num_queries):
    placed = place(warm_client, product_factory.create_batch(5, stock=5))

    with django_assert_num_queries(2):
        response = warm_client.get(reverse("orders:order-detail", args=[placed["id"]]))

    assert response.json() == placed


def test_order_body_matches_serializer(warm_client, product_factory):
    place(warm_client, product_factory.create_batch(3, stock=5, price=Decimal("12.5")), quantity=2)
    place(warm_client, product_factory.create_batch(1, stock=5, price=Decimal("0")))

    for order in Order.objects.prefetch_related("items"):
        assert order_body(order) == OrderSerializer(order).data
