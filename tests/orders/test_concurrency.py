"""Concurrent buyers on real connections: no overselling, no deadlock.

Each thread uses its own database connection, so these tests need a
transactional database. They run on SQLite by default and on PostgreSQL when
DATABASE_URL points there (CI runs both).
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import pytest
from django.db import connections
from django.urls import reverse
from rest_framework.test import APIClient

from shop.accounts.tokens import issue_token_pair
from shop.catalog.models import Product
from shop.orders.models import Order

from ..factories import ProductFactory, UserFactory

ORDERS_URL = reverse("orders:order-list")
BUYERS = 10


def post_order(token: str, lines: list[tuple[int, int]], start: threading.Barrier, **headers):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = {"items": [{"product_id": pk, "quantity": quantity} for pk, quantity in lines]}
    try:
        start.wait(timeout=10)
        return client.post(ORDERS_URL, body, format="json", **headers)
    finally:
        connections.close_all()


def run_in_parallel(calls) -> list:
    start = threading.Barrier(len(calls))
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [
            pool.submit(function, *args, start, **kwargs) for function, args, kwargs in calls
        ]
        return [future.result(timeout=60) for future in futures]


@pytest.mark.django_db(transaction=True)
def test_ten_buyers_for_three_units_sell_exactly_three():
    product = ProductFactory(stock=3)
    tokens = [issue_token_pair(UserFactory()).access for _ in range(BUYERS)]

    responses = run_in_parallel([(post_order, (token, [(product.pk, 1)]), {}) for token in tokens])

    statuses = sorted(response.status_code for response in responses)
    assert statuses.count(HTTPStatus.CREATED) == 3
    assert statuses.count(HTTPStatus.BAD_REQUEST) == BUYERS - 3
    assert all(status < 500 for status in statuses)
    product.refresh_from_db()
    assert product.stock == 0
    assert Order.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_orders_locking_products_in_opposite_order_both_complete():
    first, second = ProductFactory(stock=50), ProductFactory(stock=50)
    token = issue_token_pair(UserFactory()).access
    forward = [(first.pk, 1), (second.pk, 1)]
    backward = [(second.pk, 1), (first.pk, 1)]

    calls = [(post_order, (token, forward if index % 2 else backward), {}) for index in range(6)]
    responses = run_in_parallel(calls)

    assert [response.status_code for response in responses] == [HTTPStatus.CREATED] * 6
    assert dict(Product.objects.values_list("pk", "stock")) == {first.pk: 44, second.pk: 44}


@pytest.mark.django_db(transaction=True)
def test_racing_requests_with_one_idempotency_key_buy_once():
    product = ProductFactory(stock=10)
    token = issue_token_pair(UserFactory()).access
    key = {"HTTP_IDEMPOTENCY_KEY": "race-1"}

    responses = run_in_parallel([(post_order, (token, [(product.pk, 2)]), key) for _ in range(4)])

    statuses = {response.status_code for response in responses}
    assert statuses <= {HTTPStatus.CREATED, HTTPStatus.CONFLICT}
    created = [response.json() for response in responses if response.status_code == 201]
    assert all(body == created[0] for body in created)
    assert Order.objects.count() == 1
    product.refresh_from_db()
    assert product.stock == 8
