from decimal import Decimal
from http import HTTPStatus

import pytest
from django.urls import reverse

from shop.catalog.models import Product
from shop.orders.models import Order, OrderItem
from tests.helpers import error_codes

ORDERS_URL = reverse("orders:order-list")


def order(client, *lines, **headers):
    items = [{"product_id": product_id, "quantity": quantity} for product_id, quantity in lines]
    return client.post(ORDERS_URL, {"items": items}, format="json", **headers)


def stocks() -> dict[int, int]:
    return dict(Product.objects.values_list("pk", "stock"))


def test_order_is_priced_stored_and_decrements_stock(auth_client, user, product_factory):
    mug = product_factory(sku="MUG-BLUE", name="Blue mug", price=Decimal("12.50"), stock=3)
    tea = product_factory(price=Decimal("1.00"), stock=5)

    response = order(auth_client, (mug.pk, 2), (tea.pk, 1))

    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert response.headers["Location"] == f"/api/orders/{body['id']}"
    assert body["status"] == "confirmed"
    assert body["currency"] == "USD"
    assert body["total"] == "26.00"
    assert body["items"][0] == {
        "product_id": mug.pk,
        "sku": "MUG-BLUE",
        "name": "Blue mug",
        "unit_price": "12.50",
        "quantity": 2,
        "line_total": "25.00",
    }
    assert stocks() == {mug.pk: 1, tea.pk: 4}
    assert Order.objects.get().user == user


def test_order_keeps_price_after_price_change(auth_client, product):
    placed = order(auth_client, (product.pk, 1)).json()
    Product.objects.filter(pk=product.pk).update(price=Decimal("99.00"), name="Renamed")

    shown = auth_client.get(reverse("orders:order-detail", args=[placed["id"]])).json()

    assert shown["total"] == "10.00"
    assert shown["items"][0]["unit_price"] == "10.00"
    assert shown["items"][0]["name"] == placed["items"][0]["name"]


def test_buying_the_last_units_makes_product_sold_out(auth_client, product_factory):
    product = product_factory(stock=2)

    assert order(auth_client, (product.pk, 2)).status_code == HTTPStatus.CREATED

    response = order(auth_client, (product.pk, 1))
    assert error_codes(response) == [("items.0.product_id", "not_available")]


def test_rejected_order_lists_every_error(auth_client, product_factory):
    good = product_factory(stock=5)
    short = product_factory(name="Blue mug", stock=2)
    inactive = product_factory(is_active=False)
    sold_out = product_factory(stock=0)
    before = stocks()

    response = order(
        auth_client,
        (good.pk, 1),
        (424242, 1),
        (short.pk, 5),
        (inactive.pk, 1),
        (sold_out.pk, 1),
        (good.pk, 1),
        (good.pk, 0),
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["type"] == "validation_error"
    assert error_codes(response) == [
        ("items.1.product_id", "does_not_exist"),
        ("items.2.quantity", "insufficient_stock"),
        ("items.3.product_id", "not_available"),
        ("items.4.product_id", "not_available"),
        ("items.5.product_id", "duplicate"),
        ("items.6.quantity", "min_value"),
    ]
    short_error = response.json()["errors"][1]["detail"]
    assert "Only 2" in short_error
    assert "Blue mug" in short_error
    assert stocks() == before
    assert not Order.objects.exists()
    assert not OrderItem.objects.exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, [("items", "required")]),
        ({"items": []}, [("items", "min_length")]),
        ({"items": "x"}, [("items", "not_a_list")]),
        ({"items": [1]}, [("items.0", "invalid")]),
        ({"items": [{"product_id": 0, "quantity": 1}]}, [("items.0.product_id", "min_value")]),
        ({"items": [{"product_id": "a", "quantity": 1}]}, [("items.0.product_id", "invalid")]),
        ({"items": [{"quantity": 1}]}, [("items.0.product_id", "required")]),
        ({"items": [{"product_id": 1}]}, [("items.0.quantity", "required")]),
        ({"items": [{"product_id": 1, "quantity": 1001}]}, [("items.0.quantity", "max_value")]),
        ({"items": [{"product_id": 1, "quantity": 1.5}]}, [("items.0.quantity", "invalid")]),
        ({"items": [{"product_id": 1, "quantity": None}]}, [("items.0.quantity", "null")]),
        ({"items": [{"product_id": "1", "quantity": 1}]}, [("items.0.product_id", "invalid")]),
        ({"items": [{"product_id": 1, "quantity": 2.0}]}, [("items.0.quantity", "invalid")]),
        ({"items": [{"product_id": 1, "quantity": True}]}, [("items.0.quantity", "invalid")]),
        (
            {"items": [{"product_id": 10**30, "quantity": 1}]},
            [("items.0.product_id", "max_value")],
        ),
    ],
)
def test_malformed_order_is_400_on_the_right_field(auth_client, db, body, expected):
    response = auth_client.post(ORDERS_URL, body, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == expected
    assert not Order.objects.exists()


def test_order_with_too_many_items_is_400(auth_client, db):
    items = [{"product_id": index, "quantity": 1} for index in range(1, 102)]

    response = auth_client.post(ORDERS_URL, {"items": items}, format="json")

    assert error_codes(response) == [("items", "max_length")]


def test_shape_and_stock_errors_are_reported_together(auth_client, product):
    response = order(auth_client, (424242, 1), (product.pk, 0))

    assert error_codes(response) == [
        ("items.0.product_id", "does_not_exist"),
        ("items.1.quantity", "min_value"),
    ]


def test_non_object_body_is_400_with_null_attr(auth_client, db):
    response = auth_client.post(ORDERS_URL, [1, 2], format="json")

    assert error_codes(response) == [(None, "invalid")]


def test_idempotent_retry_returns_first_answer_and_buys_once(auth_client, product):
    first = order(auth_client, (product.pk, 2), HTTP_IDEMPOTENCY_KEY="key-1")

    retry = order(auth_client, (product.pk, 2), HTTP_IDEMPOTENCY_KEY="key-1")

    assert first.status_code == retry.status_code == HTTPStatus.CREATED
    assert retry.json() == first.json()
    assert retry.headers["Location"] == first.headers["Location"]
    assert Order.objects.count() == 1
    product.refresh_from_db()
    assert product.stock == 8


def test_idempotency_key_with_other_body_is_422(auth_client, product):
    order(auth_client, (product.pk, 2), HTTP_IDEMPOTENCY_KEY="key-1")

    response = order(auth_client, (product.pk, 3), HTTP_IDEMPOTENCY_KEY="key-1")

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["type"] == "client_error"
    assert Order.objects.count() == 1


def test_idempotency_key_is_scoped_to_the_user(auth_client, product, user_factory, api_client):
    from shop.accounts.tokens import issue_token_pair

    order(auth_client, (product.pk, 1), HTTP_IDEMPOTENCY_KEY="shared")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token_pair(user_factory()).access}")

    response = order(api_client, (product.pk, 1), HTTP_IDEMPOTENCY_KEY="shared")

    assert response.status_code == HTTPStatus.CREATED
    assert Order.objects.count() == 2


@pytest.mark.parametrize("key", ["k" * 256, "   "])
def test_invalid_idempotency_key_is_400(auth_client, product, key):
    response = order(auth_client, (product.pk, 1), HTTP_IDEMPOTENCY_KEY=key)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Order.objects.exists()


def test_order_query_count_does_not_grow_with_lines(
    auth_client, product_factory, django_assert_num_queries, django_assert_max_num_queries
):
    products = product_factory.create_batch(12)
    # The first request caches the user's state for authentication, so both
    # measured requests find it there.
    order(auth_client, (products[0].pk, 1))

    # Key check, lock, order insert, items insert, stock update, and the
    # transaction's own statements; none of them per line.
    with django_assert_max_num_queries(8) as two_lines:
        order(auth_client, *[(product.pk, 1) for product in products[:2]])
    with django_assert_num_queries(len(two_lines.captured_queries)):
        order(auth_client, *[(product.pk, 1) for product in products[2:12]])
