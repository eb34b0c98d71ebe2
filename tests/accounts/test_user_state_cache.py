"""Cached user state in authentication: revocations still take effect at once."""

from http import HTTPStatus

from django.test import override_settings
from django.urls import reverse

from shop.accounts.models import User
from shop.accounts.services import change_password
from shop.accounts.tokens import revoke_all_tokens
from tests.helpers import assert_unauthorized

PROFILE_URL = reverse("accounts:profile")
PRODUCTS_URL = reverse("catalog:product-list")


def warm(client) -> None:
    """Make one request, so that the user's state is in the cache."""
    assert client.get(PRODUCTS_URL).status_code == HTTPStatus.OK


def test_cached_user_is_rejected_after_deactivation(auth_client, user):
    warm(auth_client)

    user.is_active = False
    user.save()

    assert_unauthorized(auth_client.get(PRODUCTS_URL))


def test_cached_user_is_rejected_after_deletion(auth_client, user):
    warm(auth_client)

    user.delete()

    assert_unauthorized(auth_client.get(PRODUCTS_URL))


def test_cached_token_is_rejected_after_password_change(auth_client, user, password):
    warm(auth_client)

    change_password(user=user, current_password=password, new_password="An0ther-long-passphrase")

    assert_unauthorized(auth_client.get(PRODUCTS_URL))


def test_cached_token_is_rejected_after_revoking_all(auth_client, user):
    warm(auth_client)

    revoke_all_tokens(User.objects.get(pk=user.pk))

    assert_unauthorized(auth_client.get(PRODUCTS_URL))


def test_bulk_deactivation_shows_when_cache_expires(auth_client, user):
    warm(auth_client)

    User.objects.filter(pk=user.pk).update(is_active=False)

    # update() bypasses save(), so the cached state is trusted until
    # AUTH_USER_STATE_CACHE_SECONDS pass.
    assert auth_client.get(PRODUCTS_URL).status_code == HTTPStatus.OK


@override_settings(AUTH_USER_STATE_CACHE_SECONDS=0)
def test_uncached_bulk_deactivation_is_401(auth_client, user):
    warm(auth_client)

    User.objects.filter(pk=user.pk).update(is_active=False)

    assert_unauthorized(auth_client.get(PRODUCTS_URL))


def test_cached_request_makes_no_user_query(auth_client, django_assert_num_queries):
    warm(auth_client)

    # Only the product rows; an empty list is its own last page, so no count.
    with django_assert_num_queries(1):
        response = auth_client.get(PRODUCTS_URL)

    assert response.status_code == HTTPStatus.OK


def test_profile_loads_the_user_in_one_query(auth_client, user, django_assert_num_queries):
    warm(auth_client)

    # One query for every user field, one for the Google link.
    with django_assert_num_queries(2):
        response = auth_client.get(PROFILE_URL)

    body = response.json()
    assert body["email"] == user.email
    assert body["first_name"] == user.first_name
    assert body["has_password"] is True


def test_local_cache_turns_user_state_off(monkeypatch):
    import importlib

    import config.settings.base as base_settings

    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.delenv("AUTH_USER_STATE_CACHE_SECONDS", raising=False)
    local = importlib.reload(base_settings)
    assert local.AUTH_USER_STATE_CACHE_SECONDS == 0

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    shared = importlib.reload(base_settings)
    assert shared.AUTH_USER_STATE_CACHE_SECONDS == 30
