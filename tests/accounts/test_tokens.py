from datetime import timedelta
from http import HTTPStatus

import jwt
import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from shop.accounts.tokens import issue_token_pair
from tests.helpers import assert_unauthorized, error_codes

REFRESH_URL = reverse("accounts:refresh")
LOGOUT_URL = reverse("accounts:logout")
PASSWORD_URL = reverse("accounts:password")

PROTECTED = [
    ("get", reverse("catalog:product-list")),
    ("get", reverse("catalog:product-detail", args=[1])),
    ("get", reverse("orders:order-list")),
    ("post", reverse("orders:order-list")),
    ("get", reverse("orders:order-detail", args=[1])),
    ("get", reverse("accounts:profile")),
    ("patch", reverse("accounts:profile")),
    ("put", reverse("accounts:profile")),
    ("post", reverse("accounts:profile")),
    ("post", PASSWORD_URL),
    ("post", LOGOUT_URL),
]


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), PROTECTED)
def test_protected_endpoint_without_token_is_401(api_client, method, url):
    assert_unauthorized(getattr(api_client, method)(url, {}, format="json"))


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), PROTECTED)
def test_protected_endpoint_with_garbage_token_is_401(method, url):
    response = getattr(bearer("garbage"), method)(url, {}, format="json")

    assert_unauthorized(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer a b", "Token abc", "Basic dXNlcjpwYXNz", "Bearer \u00e9"]
)
def test_malformed_authorization_header_is_401(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    assert_unauthorized(client.get(reverse("accounts:profile")))


def test_token_signed_with_another_key_is_401(user):
    claims = AccessToken.for_user(user).payload
    forged = jwt.encode(claims, "another-key-entirely-with-some-length", algorithm="HS256")

    assert_unauthorized(bearer(forged).get(reverse("accounts:profile")))


def test_expired_access_token_is_401(user):
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(seconds=1))

    assert_unauthorized(bearer(str(token)).get(reverse("accounts:profile")))


def test_refresh_token_used_as_access_token_is_401(user):
    pair = issue_token_pair(user)

    assert_unauthorized(bearer(pair.refresh).get(reverse("accounts:profile")))


def test_token_of_deactivated_user_is_401(user):
    client = bearer(issue_token_pair(user).access)
    user.is_active = False
    user.save()

    assert_unauthorized(client.get(reverse("accounts:profile")))


def test_token_of_deleted_user_is_401(user):
    client = bearer(issue_token_pair(user).access)
    user.delete()

    assert_unauthorized(client.get(reverse("accounts:profile")))


def test_refresh_rotates_the_token(api_client, user):
    old = issue_token_pair(user)

    response = api_client.post(REFRESH_URL, {"refresh": old.refresh}, format="json")

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["refresh"] != old.refresh
    assert body["created"] is False
    assert body["user"]["id"] == user.pk
    assert bearer(body["access"]).get(reverse("accounts:profile")).status_code == HTTPStatus.OK
    assert_unauthorized(api_client.post(REFRESH_URL, {"refresh": old.refresh}, format="json"))


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["garbage", "a.b.c", ""])
def test_refresh_with_invalid_token_is_rejected(api_client, token):
    response = api_client.post(REFRESH_URL, {"refresh": token}, format="json")

    assert response.status_code in {HTTPStatus.UNAUTHORIZED, HTTPStatus.BAD_REQUEST}
    if token:
        assert_unauthorized(response)


def test_refresh_of_deactivated_user_is_401(api_client, user):
    pair = issue_token_pair(user)
    user.is_active = False
    user.save()

    assert_unauthorized(api_client.post(REFRESH_URL, {"refresh": pair.refresh}, format="json"))


def test_access_token_as_refresh_is_401(api_client, user):
    pair = issue_token_pair(user)

    assert_unauthorized(api_client.post(REFRESH_URL, {"refresh": pair.access}, format="json"))


def test_logout_revokes_refresh_token(api_client, user):
    pair = issue_token_pair(user)

    response = bearer(pair.access).post(LOGOUT_URL, {"refresh": pair.refresh}, format="json")

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert_unauthorized(api_client.post(REFRESH_URL, {"refresh": pair.refresh}, format="json"))


def test_logout_with_another_users_refresh_token_is_400(user, user_factory):
    mine = issue_token_pair(user)
    theirs = issue_token_pair(user_factory())

    response = bearer(mine.access).post(LOGOUT_URL, {"refresh": theirs.refresh}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == [("refresh", "invalid")]


def test_password_change_revokes_older_tokens(api_client, user, password):
    old = issue_token_pair(user)
    new_password = "Another-long-passphrase-99"

    response = bearer(old.access).post(
        PASSWORD_URL,
        {"current_password": password, "new_password": new_password},
        format="json",
    )

    assert response.status_code == HTTPStatus.OK
    fresh = response.json()
    assert bearer(fresh["access"]).get(reverse("accounts:profile")).status_code == HTTPStatus.OK
    assert_unauthorized(bearer(old.access).get(reverse("accounts:profile")))
    assert_unauthorized(api_client.post(REFRESH_URL, {"refresh": old.refresh}, format="json"))
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_change_with_wrong_current_password_is_400(user):
    client = bearer(issue_token_pair(user).access)

    response = client.post(
        PASSWORD_URL,
        {"current_password": "wrong", "new_password": "Another-long-passphrase-99"},
        format="json",
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == [("current_password", "invalid")]
    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK


def test_password_change_with_weak_password_is_400(user, password):
    client = bearer(issue_token_pair(user).access)

    response = client.post(
        PASSWORD_URL, {"current_password": password, "new_password": "12345678"}, format="json"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert {attr for attr, _ in error_codes(response)} == {"new_password"}
    user.refresh_from_db()
    assert user.check_password(password)


def test_first_password_needs_no_current(user):
    user.set_unusable_password()
    user.save()
    client = bearer(issue_token_pair(user).access)

    response = client.post(
        PASSWORD_URL, {"new_password": "Another-long-passphrase-99"}, format="json"
    )

    assert response.status_code == HTTPStatus.OK
    assert response.json()["user"]["has_password"] is True


def test_password_change_reports_every_problem_at_once(user):
    client = bearer(issue_token_pair(user).access)

    response = client.post(
        PASSWORD_URL, {"current_password": "wrong", "new_password": "123"}, format="json"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    attrs = [attr for attr, _ in error_codes(response)]
    assert attrs[0] == "current_password"
    assert set(attrs[1:]) == {"new_password"}
    assert len(attrs) >= 3


def test_password_change_without_current_password_is_required(user):
    client = bearer(issue_token_pair(user).access)

    response = client.post(PASSWORD_URL, {}, format="json")

    assert set(error_codes(response)) == {
        ("current_password", "required"),
        ("new_password", "required"),
    }


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_bearer_scheme_is_case_insensitive(user, scheme):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {issue_token_pair(user).access}")

    assert client.get(reverse("accounts:profile")).status_code == HTTPStatus.OK
