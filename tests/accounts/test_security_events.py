"""Security events are logged with an event name, the user id and the client address."""

import logging

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from shop.accounts.tokens import issue_token_pair
from shop.common.logs import KeyValueFormatter, RequestContextFilter

LOGOUT_URL = reverse("accounts:logout")
REFRESH_URL = reverse("accounts:refresh")
PASSWORD_URL = reverse("accounts:password")
NEW_PASSWORD = "Another-long-passphrase-93"


@pytest.fixture
def security_lines():
    """Collect `shop` log records as the console handler formats them."""
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


def events(records) -> dict[str, logging.LogRecord]:
    return {record.event: record for record in records if hasattr(record, "event")}


def signed_in_client(pair) -> APIClient:
    client = APIClient(REMOTE_ADDR="192.0.2.44")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair.access}")
    return client


def test_logout_logs_refresh_token_revoked(user, security_lines):
    pair = issue_token_pair(user)

    response = signed_in_client(pair).post(LOGOUT_URL, {"refresh": pair.refresh}, format="json")

    assert response.status_code == 204
    record = events(security_lines)["refresh_token_revoked"]
    assert record.user_id == user.pk
    assert record.client_address == "192.0.2.44"


def test_reused_refresh_token_is_logged(user, security_lines):
    pair = issue_token_pair(user)
    client = APIClient(REMOTE_ADDR="192.0.2.45")
    client.post(REFRESH_URL, {"refresh": pair.refresh}, format="json")

    response = client.post(REFRESH_URL, {"refresh": pair.refresh}, format="json")

    assert response.status_code == 401
    record = events(security_lines)["refresh_token_rejected"]
    assert "blacklisted" in record.reason
    assert record.client_address == "192.0.2.45"


def test_password_change_logs_all_tokens_revoked(user, password, security_lines):
    pair = issue_token_pair(user)
    body = {"current_password": password, "new_password": NEW_PASSWORD}

    response = signed_in_client(pair).post(PASSWORD_URL, body, format="json")

    assert response.status_code == 200
    record = events(security_lines)["all_tokens_revoked"]
    assert record.user_id == user.pk
    assert record.client_address == "192.0.2.44"


def test_security_log_lines_contain_no_password_or_token(user, password, security_lines):
    pair = issue_token_pair(user)
    client = signed_in_client(pair)
    body = {"current_password": password, "new_password": NEW_PASSWORD}
    client.post(PASSWORD_URL, body, format="json")
    client.post(LOGOUT_URL, {"refresh": pair.refresh}, format="json")

    formatter = KeyValueFormatter("%(message)s")
    text = "\n".join(formatter.format(record) for record in security_lines)

    assert security_lines
    for secret in [password, NEW_PASSWORD, pair.access, pair.refresh]:
        assert secret not in text
