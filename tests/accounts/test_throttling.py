import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import pytest
from django.test import override_settings
from django.urls import reverse

from shop.accounts import throttling
from shop.accounts.models import User
from tests.helpers import error_codes

LOGIN_URL = reverse("accounts:login")
NEW_PASSWORD = "Plenty-of-entropy-here-7"


def login(client, email, password, **extra):
    return client.post(LOGIN_URL, {"email": email, "password": password}, format="json", **extra)


def assert_throttled(response, *, max_wait: int) -> None:
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS, response.content
    assert 1 <= int(response.headers["Retry-After"]) <= max_wait
    assert response.json()["type"] == "client_error"
    assert error_codes(response) == [(None, "throttled")]


def test_tenth_failure_for_one_email_throttles_it(api_client, user, password):
    for _ in range(10):
        assert login(api_client, user.email, "wrong-password").status_code == 401

    response = login(api_client, user.email, password)

    # 15 minutes plus at most one bucket of 60 s.
    assert_throttled(response, max_wait=16 * 60)


def test_email_throttle_ignores_case_and_spaces(api_client, user):
    for _ in range(10):
        login(api_client, f"  {user.email.upper()} ", "wrong-password")

    assert_throttled(login(api_client, user.email, "wrong-password"), max_wait=16 * 60)


def test_throttled_email_does_not_block_other_emails(api_client, user_factory, password):
    target, other = user_factory(), user_factory()
    for _ in range(10):
        login(api_client, target.email, "wrong-password")

    assert login(api_client, other.email, password).status_code == HTTPStatus.OK


def test_successful_logins_are_not_counted(api_client, user, password):
    for _ in range(12):
        assert login(api_client, user.email, password).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_invalid_bodies_are_not_counted(api_client):
    for _ in range(12):
        response = login(api_client, "not-an-email", "x")
        assert response.status_code == HTTPStatus.BAD_REQUEST


@override_settings(LOGIN_FAILURES_PER_ADDRESS=3)
def test_failures_for_many_emails_throttle_the_address(api_client, user_factory, password):
    users = [user_factory() for _ in range(4)]
    for victim in users[:3]:
        assert login(api_client, victim.email, "wrong-password").status_code == 401

    assert_throttled(login(api_client, users[3].email, password), max_wait=16 * 60)


@override_settings(LOGIN_FAILURES_PER_ADDRESS=3)
def test_forwarded_for_is_ignored_without_trusted_proxy(api_client, user_factory):
    users = [user_factory() for _ in range(4)]
    for number, victim in enumerate(users[:3]):
        login(api_client, victim.email, "w", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    response = login(api_client, users[3].email, "w", HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


@override_settings(LOGIN_FAILURES_PER_ADDRESS=3, TRUSTED_PROXY_COUNT=1)
def test_trusted_proxy_makes_forwarded_address_count(api_client, user_factory):
    users = [user_factory() for _ in range(4)]
    for victim in users[:3]:
        login(api_client, victim.email, "w", HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.1")

    other_client = login(api_client, users[3].email, "w", HTTP_X_FORWARDED_FOR="198.51.100.2")
    same_client = login(api_client, users[3].email, "w", HTTP_X_FORWARDED_FOR="x, 198.51.100.1")

    assert other_client.status_code == HTTPStatus.UNAUTHORIZED
    assert same_client.status_code == HTTPStatus.TOO_MANY_REQUESTS


@pytest.mark.django_db
@override_settings(LOGIN_ACCOUNTS_PER_ADDRESS=2)
def test_account_creation_is_throttled_per_address(api_client, user, password):
    for number in range(2):
        assert login(api_client, f"new{number}@example.com", NEW_PASSWORD).status_code == 201

    response = login(api_client, "new2@example.com", NEW_PASSWORD)

    assert_throttled(response, max_wait=64 * 60)
    assert not User.objects.filter(email="new2@example.com").exists()
    assert login(api_client, user.email, password).status_code == HTTPStatus.OK


@pytest.mark.django_db
@override_settings(LOGIN_ACCOUNTS_PER_ADDRESS=1)
def test_rejected_weak_password_does_not_use_creation_quota(api_client):
    assert login(api_client, "weak@example.com", "123").status_code == 400

    assert login(api_client, "strong@example.com", NEW_PASSWORD).status_code == 201


@override_settings(LOGIN_FAILURES_PER_EMAIL=0, LOGIN_FAILURES_PER_ADDRESS=0)
def test_limit_of_zero_turns_throttle_off(api_client, user):
    for _ in range(12):
        assert login(api_client, user.email, "wrong-password").status_code == 401


def test_throttled_login_is_logged_without_password(api_client, user, caplog):
    for _ in range(10):
        login(api_client, user.email, "secret-guess-1")

    with caplog.at_level(logging.INFO, logger="shop"):
        login(api_client, user.email, "secret-guess-2")

    [record] = [r for r in caplog.records if getattr(r, "event", "") == "login_throttled"]
    assert record.user_id == user.pk
    assert record.retry_after >= 1
    assert "secret-guess" not in str(record.__dict__)


def test_failed_login_is_logged_with_user_and_reason(api_client, user, caplog):
    with caplog.at_level(logging.INFO, logger="shop"):
        login(api_client, user.email, "secret-guess-1")

    [record] = [r for r in caplog.records if getattr(r, "event", "") == "login_failed"]
    assert record.user_id == user.pk
    assert record.reason == "wrong_password"
    assert "secret-guess" not in str(record.__dict__)


@pytest.mark.django_db
def test_parallel_reservations_never_pass_the_limit():
    counter = throttling.SlidingWindowCounter("test-parallel", limit=5, window=900)
    start = threading.Barrier(20)

    def attempt(_):
        start.wait(timeout=10)
        _, wait = throttling.reserve([(counter, "one-identity")])
        return wait is None

    with ThreadPoolExecutor(max_workers=20) as pool:
        allowed = list(pool.map(attempt, range(20)))

    assert sum(allowed) == 5
    assert counter.count("one-identity") == 5


def test_released_reservation_frees_its_slot():
    counter = throttling.SlidingWindowCounter("test-release", limit=1, window=900)

    reservation, wait = throttling.reserve([(counter, "someone")])
    assert wait is None
    reservation.release()

    assert counter.count("someone") == 0
    assert throttling.reserve([(counter, "someone")])[1] is None


def test_retry_after_is_about_one_window():
    counter = throttling.SlidingWindowCounter("test-retry", limit=2, window=900)
    for _ in range(2):
        counter.hit("someone")

    wait = counter.retry_after("someone")

    assert 900 <= wait <= 900 + counter.bucket_seconds


@pytest.mark.parametrize(
    ("address", "identity"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("not an address", "not an address"),
    ],
)
def test_address_identity_groups_ipv6_by_64(address, identity):
    assert throttling.address_identity(address) == identity
