from http import HTTPStatus

import pytest
from django.db import IntegrityError
from django.urls import reverse

from shop.accounts.models import User
from tests.helpers import assert_unauthorized, error_codes

LOGIN_URL = reverse("accounts:login")
NEW_PASSWORD = "Plenty-of-entropy-here-7"


def login(client, email, password, **extra):
    return client.post(LOGIN_URL, {"email": email, "password": password}, format="json", **extra)


@pytest.mark.django_db
def test_login_with_unknown_email_creates_account(api_client):
    response = login(api_client, "  Ann.Lee@Example.COM ", NEW_PASSWORD)

    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert body["created"] is True
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["access"]
    assert body["refresh"]
    assert body["user"]["email"] == "ann.lee@example.com"
    assert body["user"]["has_password"] is True
    assert User.objects.get().email == "ann.lee@example.com"


@pytest.mark.django_db
def test_login_with_known_email_checks_password(api_client):
    login(api_client, "ann@example.com", NEW_PASSWORD)

    response = login(api_client, "ANN@example.com", NEW_PASSWORD)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["created"] is False
    assert User.objects.count() == 1


def test_login_with_wrong_password_is_unauthorized(api_client, user):
    response = login(api_client, user.email, "not-the-password")

    assert_unauthorized(response)


def test_login_of_inactive_account_is_unauthorized(api_client, user, password):
    user.is_active = False
    user.save()

    assert_unauthorized(login(api_client, user.email, password))


def test_login_of_account_without_password_is_unauthorized(api_client, user):
    user.set_unusable_password()
    user.save()

    assert_unauthorized(login(api_client, user.email, "anything-at-all-123"))


@pytest.mark.django_db
def test_login_with_weak_password_creates_nothing(api_client):
    response = login(api_client, "new@example.com", "123")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert {attr for attr, _ in error_codes(response)} == {"password"}
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, {("email", "required"), ("password", "required")}),
        ({"email": "not-an-email", "password": "x"}, {("email", "invalid")}),
        ({"email": "a@example.com"}, {("password", "required")}),
        ({"email": None, "password": "x"}, {("email", "null")}),
        ({"email": "a@example.com", "password": ""}, {("password", "blank")}),
    ],
)
def test_login_with_invalid_body_names_each_field(api_client, body, expected):
    response = api_client.post(LOGIN_URL, body, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["type"] == "validation_error"
    assert set(error_codes(response)) == expected


@pytest.mark.django_db
def test_login_with_malformed_json_is_parse_error(api_client):
    response = api_client.post(LOGIN_URL, "{not json", content_type="application/json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["type"] == "client_error"
    assert error_codes(response) == [(None, "parse_error")]


def test_login_ignores_stale_authorization_header(api_client, user, password):
    response = login(
        api_client, user.email, password, HTTP_AUTHORIZATION="Bearer expired.or.garbage"
    )

    assert response.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_login_path_with_trailing_slash_works(api_client):
    response = api_client.post(
        LOGIN_URL + "/", {"email": "s@example.com", "password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == HTTPStatus.CREATED


@pytest.mark.django_db(transaction=True)
def test_database_rejects_case_duplicate_email():
    User.objects.create_user(email="case@example.com", password=None)

    with pytest.raises(IntegrityError):
        User(email="CASE@example.com").save()
