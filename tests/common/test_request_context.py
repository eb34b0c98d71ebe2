import logging
import re

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from shop.common.logs import RequestContextFilter
from shop.common.request_context import get_client_address

LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def shop_log_records():
    """Collect records from the `shop` loggers after the request-context filter ran."""
    records: list[logging.LogRecord] = []

    class ListHandler(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = ListHandler()
    handler.addFilter(RequestContextFilter())
    shop_logger = logging.getLogger("shop")
    previous_level = shop_logger.level
    shop_logger.addHandler(handler)
    shop_logger.setLevel(logging.INFO)
    yield records
    shop_logger.removeHandler(handler)
    shop_logger.setLevel(previous_level)


def test_response_carries_generated_request_id(client, db):
    response = client.get(reverse("healthz"))

    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_two_requests_get_different_ids(client, db):
    first = client.get(reverse("healthz")).headers["X-Request-ID"]
    second = client.get(reverse("healthz")).headers["X-Request-ID"]

    assert first != second


def test_safe_incoming_request_id_is_kept(client, db):
    response = client.get(reverse("healthz"), HTTP_X_REQUEST_ID="lb-42.a:b_c")

    assert response.headers["X-Request-ID"] == "lb-42.a:b_c"


@pytest.mark.parametrize(
    "incoming",
    ["", "a" * 65, "has space", "line\nbreak", 'quote"d', "semi;colon", "ünïcode"],
)
def test_unsafe_incoming_request_id_is_replaced(client, db, incoming):
    response = client.get(reverse("healthz"), HTTP_X_REQUEST_ID=incoming)

    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_error_responses_carry_request_id(client, db):
    response = client.get("/api/no-such-endpoint")

    assert response.status_code == 404
    assert response.headers["X-Request-ID"]


def test_request_logs_carry_id_and_address(api_client, user, shop_log_records):
    response = api_client.post(
        LOGIN_URL,
        {"email": user.email, "password": "wrong-password"},
        format="json",
        REMOTE_ADDR="203.0.113.5",
    )

    assert response.status_code == 401
    [record] = [r for r in shop_log_records if getattr(r, "event", "") == "login_failed"]
    assert record.request_id == response.headers["X-Request-ID"]
    assert record.client_address == "203.0.113.5"


def test_log_lines_outside_requests_have_no_request_id(shop_log_records):
    logging.getLogger("shop.test").info("outside a request")

    [record] = shop_log_records
    assert not hasattr(record, "request_id")
    assert not hasattr(record, "client_address")


def request_from(remote_address, forwarded_for=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_address, **extra)


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "expected"),
    [
        (0, None, "10.0.0.1"),
        (0, "198.51.100.7", "10.0.0.1"),
        (1, None, "10.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "198.51.100.7", "198.51.100.7"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_trusts_only_configured_proxies(proxy_count, forwarded_for, expected):
    with override_settings(TRUSTED_PROXY_COUNT=proxy_count):
        assert get_client_address(request_from("10.0.0.1", forwarded_for)) == expected
