"""Property tests: any JSON body sent to POST /api/orders gets 201 or a 4xx, never a 500.

A 400 buys nothing: stock and the order tables stay as they were. A 201
takes exactly the requested units.
"""

import json
from http import HTTPStatus

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from shop.accounts.tokens import issue_token_pair
from shop.catalog.models import Product
from shop.orders.models import Order, OrderItem
from tests.factories import ProductFactory, UserFactory

ORDERS_URL = "/api/orders"
INITIAL_STOCK = {"plenty": 2000, "few": 3, "sold_out": 0, "inactive": 50}

PROPERTY_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
any_json = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@pytest.fixture
def shop_state(db):
    """A signed-in client and products in every state an order can meet."""
    products = {
        "plenty": ProductFactory(stock=INITIAL_STOCK["plenty"]),
        "few": ProductFactory(stock=INITIAL_STOCK["few"]),
        "sold_out": ProductFactory(stock=INITIAL_STOCK["sold_out"]),
        "inactive": ProductFactory(stock=INITIAL_STOCK["inactive"], is_active=False),
    }
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token_pair(UserFactory()).access}")
    return client, products


def product_ids(products) -> st.SearchStrategy:
    known = st.sampled_from([product.pk for product in products.values()])
    return known | st.integers(min_value=-5, max_value=2**64) | json_scalars


def order_bodies(products) -> st.SearchStrategy:
    """Bodies near the valid shape, where the validator has the most branches."""
    quantities = st.integers(min_value=-2, max_value=1002) | json_scalars
    line = st.fixed_dictionaries(
        {},
        optional={"product_id": product_ids(products), "quantity": quantities, "extra": any_json},
    )
    items = st.lists(line | any_json, max_size=6) | any_json
    return st.fixed_dictionaries({"items": items}) | any_json


def snapshot() -> tuple[dict[int, int], int, int]:
    return (
        dict(Product.objects.values_list("pk", "stock")),
        Order.objects.count(),
        OrderItem.objects.count(),
    )


def reset_stock(products) -> None:
    for name, product in products.items():
        Product.objects.filter(pk=product.pk).update(stock=INITIAL_STOCK[name])


def check_order_response(client, products, body) -> None:
    reset_stock(products)
    before = snapshot()

    response = client.post(ORDERS_URL, json.dumps(body), content_type="application/json")

    assert response.status_code in {HTTPStatus.CREATED, HTTPStatus.BAD_REQUEST}, response.content
    stock_before, orders_before, items_before = before
    stock_after, orders_after, items_after = snapshot()
    if response.status_code == HTTPStatus.BAD_REQUEST:
        assert response.json()["type"] == "validation_error"
        assert stock_after == stock_before
        assert (orders_after, items_after) == (orders_before, items_before)
        return

    bought = {line["product_id"]: line["quantity"] for line in response.json()["items"]}
    assert orders_after == orders_before + 1
    assert items_after == items_before + len(bought)
    for product_id, stock in stock_after.items():
        assert stock == stock_before[product_id] - bought.get(product_id, 0)


def test_any_json_body_gets_201_or_400(shop_state):
    client, products = shop_state

    @PROPERTY_SETTINGS
    @given(body=any_json)
    def run(body):
        check_order_response(client, products, body)

    run()


def test_near_valid_order_body_gets_201_or_400(shop_state):
    client, products = shop_state

    @PROPERTY_SETTINGS
    @given(body=order_bodies(products))
    @example(body={"items": [None]})
    @example(body={"items": [{"product_id": products["few"].pk, "quantity": 1}, None]})
    def run(body):
        check_order_response(client, products, body)

    run()
