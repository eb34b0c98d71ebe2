"""The login path runs the password hasher once whatever the email, so timing reveals nothing."""

from http import HTTPStatus

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import override_settings
from django.urls import reverse

from shop.accounts.models import User

LOGIN_URL = reverse("accounts:login")


class CountingHasher(MD5PasswordHasher):
    """MD5 for speed, counting how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hash_calls():
    CountingHasher.calls = 0
    with override_settings(PASSWORD_HASHERS=[f"{__name__}.CountingHasher"]):
        yield lambda: CountingHasher.calls


def login(client, email, password):
    return client.post(LOGIN_URL, {"email": email, "password": password}, format="json")


@pytest.mark.django_db
def test_unknown_email_with_weak_password_runs_hasher(api_client, hash_calls):
    response = login(api_client, "nobody@example.com", "123")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert hash_calls() == 1


@pytest.mark.django_db
def test_new_account_is_hashed_once(api_client, hash_calls):
    response = login(api_client, "new@example.com", "Plenty-of-entropy-here-7")

    assert response.status_code == HTTPStatus.CREATED
    assert hash_calls() == 1
    assert User.objects.get().check_password("Plenty-of-entropy-here-7")


def test_wrong_password_runs_hasher(api_client, user_factory, hash_calls):
    user = user_factory(password="Known-good-password-1")
    calls_before = hash_calls()

    assert login(api_client, user.email, "wrong").status_code == HTTPStatus.UNAUTHORIZED
    assert hash_calls() - calls_before == 1


def test_account_without_password_runs_hasher(api_client, user_factory, hash_calls):
    user = user_factory(password=None)
    calls_before = hash_calls()

    assert login(api_client, user.email, "anything").status_code == HTTPStatus.UNAUTHORIZED
    assert hash_calls() - calls_before == 1


def test_inactive_account_runs_hasher(api_client, user_factory, hash_calls):
    user = user_factory(password="Known-good-password-1", is_active=False)
    calls_before = hash_calls()

    response = login(api_client, user.email, "Known-good-password-1")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert hash_calls() - calls_before == 1
