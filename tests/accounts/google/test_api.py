"""POST /api/auth/google: the account rules, with the status codes of password login."""

import logging
import socket
import threading
import time
from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from devtools.oidc_provider import generate_signing_key
from shop.accounts.models import ExternalIdentity, User
from tests.helpers import assert_unauthorized, error_codes

GOOGLE_URL = reverse("accounts:google")
LOGIN_URL = reverse("accounts:login")
PROFILE_URL = reverse("accounts:profile")
PASSWORD_URL = reverse("accounts:password")
REFRESH_URL = reverse("accounts:refresh")
NEW_PASSWORD = "Plenty-of-entropy-here-7"


def google_sign_in(client, raw_token):
    return client.post(GOOGLE_URL, {"id_token": raw_token}, format="json")


def password_login(client, email, password):
    return client.post(LOGIN_URL, {"email": email, "password": password}, format="json")


def bearer_client(access_token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token}")
    return client


@pytest.mark.django_db
def test_new_identity_creates_account(api_client, oidc_provider):
    oidc_provider.set_identity("sub-new", "Ann.Lee@Example.com", name="Ann Lee")

    response = google_sign_in(api_client, oidc_provider.mint_id_token())

    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert body["created"] is True
    assert body["token_type"] == "Bearer"
    assert body["access"]
    assert body["refresh"]
    assert body["user"]["email"] == "ann.lee@example.com"
    assert body["user"]["first_name"] == "Ann"
    assert body["user"]["has_password"] is False
    assert body["user"]["google_linked"] is True
    user = User.objects.get()
    assert user.email_verified is True
    assert not user.has_usable_password()
    identity = ExternalIdentity.objects.get()
    assert (identity.issuer, identity.subject, identity.user) == (
        oidc_provider.issuer,
        "sub-new",
        user,
    )


@pytest.mark.django_db
def test_known_identity_signs_in_after_email_change(api_client, oidc_provider):
    oidc_provider.set_identity("sub-1", "ann@example.com")
    google_sign_in(api_client, oidc_provider.mint_id_token())
    oidc_provider.set_identity("sub-1", "ann.new@example.com")

    response = google_sign_in(api_client, oidc_provider.mint_id_token())

    assert response.status_code == HTTPStatus.OK
    assert response.json()["created"] is False
    assert response.json()["user"]["email"] == "ann@example.com"
    assert User.objects.count() == 1
    assert ExternalIdentity.objects.get().email == "ann.new@example.com"


@pytest.mark.django_db
def test_identity_is_keyed_by_subject_not_email(api_client, oidc_provider, user_factory):
    oidc_provider.set_identity("sub-1", "ann@example.com")
    google_sign_in(api_client, oidc_provider.mint_id_token())
    # Another Google account now has the address that sub-1 gave up.
    oidc_provider.set_identity("sub-1", "ann.new@example.com")
    google_sign_in(api_client, oidc_provider.mint_id_token())
    bob = user_factory(email="bob@example.com", email_verified=True)
    oidc_provider.set_identity("sub-2", "bob@example.com")

    response = google_sign_in(api_client, oidc_provider.mint_id_token())

    assert response.json()["user"]["id"] == bob.pk
    assert ExternalIdentity.objects.get(subject="sub-2").user == bob


@pytest.mark.django_db
def test_verified_email_links_existing_account(api_client, oidc_provider, user_factory, password):
    user = user_factory(email="ann@example.com", email_verified=True)
    oidc_provider.set_identity("sub-1", "ANN@Example.com")

    response = google_sign_in(api_client, oidc_provider.mint_id_token())

    assert response.status_code == HTTPStatus.OK
    assert response.json()["created"] is False
    assert response.json()["user"]["id"] == user.pk
    assert response.json()["user"]["google_linked"] is True
    assert ExternalIdentity.objects.get().user == user
    user.refresh_from_db()
    assert user.check_password(password), "a verified account keeps its password"


@pytest.mark.django_db
def test_link_discards_unverified_password_and_tokens(api_client, oidc_provider):
    # Someone registers the victim's address with a password first...
    first = password_login(api_client, "victim@example.com", NEW_PASSWORD).json()
    # ...then the owner of that address signs in with Google.
    oidc_provider.set_identity("sub-victim", "victim@example.com")

    response = google_sign_in(api_client, oidc_provider.mint_id_token())

    assert response.status_code == HTTPStatus.OK
    assert response.json()["user"]["has_password"] is False
    user = User.objects.get()
    assert user.email_verified is True
    assert not user.has_usable_password()
    assert_unauthorized(password_login(api_client, "victim@example.com", NEW_PASSWORD))
    assert_unauthorized(bearer_client(first["access"]).get(PROFILE_URL))
    refresh = api_client.post(REFRESH_URL, {"refresh": first["refresh"]}, format="json")
    assert_unauthorized(refresh)
    new_access = response.json()["access"]
    assert bearer_client(new_access).get(PROFILE_URL).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_google_only_account_needs_a_password_first(api_client, oidc_provider):
    oidc_provider.set_identity("sub-1", "ann@example.com")
    access = google_sign_in(api_client, oidc_provider.mint_id_token()).json()["access"]

    assert_unauthorized(password_login(api_client, "ann@example.com", NEW_PASSWORD))

    answer = bearer_client(access).post(PASSWORD_URL, {"new_password": NEW_PASSWORD}, format="json")
    assert answer.status_code == HTTPStatus.OK
    response = password_login(api_client, "ann@example.com", NEW_PASSWORD)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["user"]["has_password"] is True
    assert response.json()["user"]["google_linked"] is True


@pytest.mark.django_db
def test_profile_of_password_account_is_not_google_linked(auth_client):
    assert auth_client.get(PROFILE_URL).json()["google_linked"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("email_verified", [False, None])
def test_unverified_email_is_bad_request(api_client, oidc_provider, user_factory, email_verified):
    user = user_factory(email="ann@example.com")
    oidc_provider.set_identity("sub-1", "ann@example.com")

    response = google_sign_in(
        api_client, oidc_provider.mint_id_token(email_verified=email_verified)
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == [("id_token", "email_not_verified")]
    assert not ExternalIdentity.objects.exists()
    user.refresh_from_db()
    assert user.has_usable_password()
    assert user.email_verified is False


@pytest.mark.django_db
def test_token_without_email_is_bad_request(api_client, oidc_provider):
    response = google_sign_in(api_client, oidc_provider.mint_id_token(email=None))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == [("id_token", "email_not_verified")]
    assert not User.objects.exists()


def _now():
    return int(time.time())


INVALID_TOKENS = {
    "wrong audience": lambda provider: provider.mint_id_token(aud="other-client"),
    "wrong issuer": lambda provider: provider.mint_id_token(iss="https://evil.example"),
    "wrong signature": lambda provider: provider.mint_id_token(
        signing_key=generate_signing_key(), headers={"kid": provider.signing_key.kid}
    ),
    "unknown key id": lambda provider: provider.mint_id_token(signing_key=generate_signing_key()),
    "expired": lambda provider: provider.mint_id_token(iat=_now() - 3700, exp=_now() - 90),
    "issued in the future": lambda provider: provider.mint_id_token(iat=_now() + 90),
    "missing subject": lambda provider: provider.mint_id_token(sub=None),
    "not a JWT": lambda provider: "not-a-jwt",
}


@pytest.mark.django_db
@pytest.mark.parametrize("make_token", INVALID_TOKENS.values(), ids=INVALID_TOKENS.keys())
def test_invalid_token_is_unauthorized(api_client, oidc_provider, make_token):
    response = google_sign_in(api_client, make_token(oidc_provider))

    assert_unauthorized(response)
    assert error_codes(response) == [(None, "invalid_token")]
    assert not User.objects.exists()
    assert not ExternalIdentity.objects.exists()


@pytest.mark.django_db
def test_extra_client_id_is_accepted(api_client, oidc_provider, settings):
    settings.GOOGLE_EXTRA_CLIENT_IDS = ["shop-android.apps.example.com"]
    token = oidc_provider.mint_id_token(aud="shop-android.apps.example.com")

    assert google_sign_in(api_client, token).status_code == HTTPStatus.CREATED


@pytest.mark.django_db
def test_inactive_linked_account_is_unauthorized(api_client, oidc_provider):
    oidc_provider.set_identity("sub-1", "ann@example.com")
    google_sign_in(api_client, oidc_provider.mint_id_token())
    User.objects.update(is_active=False)

    response = google_sign_in(api_client, oidc_provider.mint_id_token())

    assert_unauthorized(response)
    assert error_codes(response) == [(None, "account_inactive")]


@pytest.mark.django_db
def test_inactive_account_is_not_linked(api_client, oidc_provider, user_factory):
    user_factory(email="ann@example.com", is_active=False)
    oidc_provider.set_identity("sub-1", "ann@example.com")

    assert_unauthorized(google_sign_in(api_client, oidc_provider.mint_id_token()))
    assert not ExternalIdentity.objects.exists()


@pytest.mark.django_db
def test_not_configured_is_service_unavailable(api_client, settings, password, user):
    settings.GOOGLE_CLIENT_ID = ""

    response = google_sign_in(api_client, "any.token.value")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["type"] == "server_error"
    assert error_codes(response) == [(None, "not_configured")]
    assert "not configured" in response.json()["errors"][0]["detail"]
    assert password_login(api_client, user.email, password).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_unreachable_provider_is_service_unavailable(api_client, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.GOOGLE_CLIENT_ID = "shop-test-web.apps.example.com"
    settings.GOOGLE_OIDC_ISSUER = f"http://127.0.0.1:{closed_port}"

    response = google_sign_in(api_client, "a.b.c")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert error_codes(response) == [(None, "provider_unavailable")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, [("id_token", "required")]),
        ({"id_token": ""}, [("id_token", "blank")]),
        ({"id_token": "x" * 8193}, [("id_token", "max_length")]),
        ({"id_token": ["a.b.c"]}, [("id_token", "invalid")]),
    ],
)
def test_invalid_body_is_bad_request(api_client, oidc_provider, body, expected):
    response = api_client.post(GOOGLE_URL, body, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == expected


@pytest.mark.django_db
def test_malformed_json_is_bad_request(api_client, oidc_provider):
    response = api_client.post(GOOGLE_URL, "{not json", content_type="application/json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == [(None, "parse_error")]


@pytest.mark.django_db
def test_stale_authorization_header_is_ignored(oidc_provider):
    client = bearer_client("stale.token.value")

    response = client.post(
        GOOGLE_URL + "/", {"id_token": oidc_provider.mint_id_token()}, format="json"
    )

    assert response.status_code == HTTPStatus.CREATED


@pytest.mark.django_db
def test_sign_in_logs_reasons_but_never_tokens(api_client, oidc_provider, caplog):
    good = oidc_provider.mint_id_token()
    bad = oidc_provider.mint_id_token(aud="other-client")

    with caplog.at_level(logging.INFO, logger="shop.accounts"):
        google_sign_in(api_client, good)
        google_sign_in(api_client, bad)

    created = [
        record for record in caplog.records if record.msg == "account created by google sign-in"
    ]
    assert created[0].user_id == User.objects.get().pk
    rejected = [record for record in caplog.records if record.msg == "google id token rejected"]
    assert rejected[0].reason == "invalid_aud"
    for record in caplog.records:
        text = record.getMessage() + repr(record.__dict__)
        assert good not in text
        assert bad not in text


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_sign_ins_create_one_account(oidc_provider):
    token = oidc_provider.mint_id_token()
    barrier = threading.Barrier(2, timeout=10)
    statuses = []

    def sign_in() -> None:
        try:
            barrier.wait()
            statuses.append(google_sign_in(APIClient(), token).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_in) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses) == [HTTPStatus.OK, HTTPStatus.CREATED]
    assert User.objects.count() == 1
    assert ExternalIdentity.objects.count() == 1
