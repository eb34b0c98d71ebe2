"""The browser's redirect flow: /auth/google/login, /auth/google/callback and the token pickup."""

import base64
import hashlib
import socket
import time
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from shop.accounts.google.flow import FLOW_MAX_AGE, FLOWS_SESSION_KEY, PENDING_SESSION_KEY
from shop.accounts.models import ExternalIdentity, User
from tests.helpers import error_codes
from tests.oidc import CLIENT_ID

LOGIN_URL = reverse("google:login")
CALLBACK_URL = reverse("google:callback")
PICKUP_URL = reverse("google:session-token")
PROFILE_URL = reverse("accounts:profile")

pytestmark = pytest.mark.django_db


def start_login(client) -> str:
    """Return the provider URL that /auth/google/login redirects to."""
    response = client.get(LOGIN_URL)
    assert response.status_code == HTTPStatus.FOUND
    return response["Location"]


def authorize(provider_url: str) -> str:
    """Send the authorization request to the stand-in; return the callback path and query."""
    answer = requests.get(provider_url, allow_redirects=False, timeout=5)
    assert answer.status_code == HTTPStatus.FOUND, answer.text
    target = urlsplit(answer.headers["Location"])
    assert target.path == CALLBACK_URL
    return f"{target.path}?{target.query}"


def sign_in(client):
    """Run the whole redirect flow and return the callback's response."""
    return client.get(authorize(start_login(client)))


def pick_up(client):
    return client.post(PICKUP_URL, content_type="application/json")


def signin_error(response) -> str:
    assert response.status_code == HTTPStatus.FOUND
    location = urlsplit(response["Location"])
    assert location.path == "/"
    return parse_qs(location.query)["signin_error"][0]


def assert_nobody_signed_in(client) -> None:
    response = pick_up(client)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == [(None, "no_pending_sign_in")]


def test_login_redirects_with_state_nonce_and_pkce(client, oidc_provider):
    url = urlsplit(start_login(client))
    params = {name: values[0] for name, values in parse_qs(url.query).items()}

    assert f"{url.scheme}://{url.netloc}" == oidc_provider.issuer
    assert url.path == "/authorize"
    assert params["response_type"] == "code"
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == "http://testserver/auth/google/callback"
    assert params["scope"] == "openid email profile"
    assert params["code_challenge_method"] == "S256"
    flow = client.session[FLOWS_SESSION_KEY][params["state"]]
    assert flow["nonce"] == params["nonce"]
    digest = hashlib.sha256(flow["code_verifier"].encode()).digest()
    assert params["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_new_identity_picks_up_tokens_once(client, oidc_provider):
    oidc_provider.set_identity("sub-1", "Ann@Example.com", name="Ann Lee")

    callback = sign_in(client)

    assert callback.status_code == HTTPStatus.FOUND
    assert callback["Location"] == "/?signin=google"
    pickup = pick_up(client)
    assert pickup.status_code == HTTPStatus.CREATED
    body = pickup.json()
    assert body["created"] is True
    assert body["token_type"] == "Bearer"
    assert body["user"]["email"] == "ann@example.com"
    assert body["user"]["google_linked"] is True
    profile = client.get(PROFILE_URL, HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert profile.status_code == HTTPStatus.OK
    assert_nobody_signed_in(client)


def test_known_identity_picks_up_with_ok(client, oidc_provider):
    sign_in(client)
    pick_up(client)

    sign_in(client)

    response = pick_up(client)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["created"] is False


def test_tokens_never_travel_in_a_url(client, oidc_provider):
    provider_url = start_login(client)
    callback_path = authorize(provider_url)
    callback = client.get(callback_path)

    body = pick_up(client).json()
    for url in (provider_url, callback_path, callback["Location"]):
        assert body["access"] not in url
        assert body["refresh"] not in url
        assert "token" not in parse_qs(urlsplit(url).query)


def test_successful_sign_in_rotates_the_session_key(client, oidc_provider):
    provider_url = start_login(client)
    key_before = client.session.session_key

    client.get(authorize(provider_url))

    assert client.session.session_key != key_before


def test_denied_consent_signs_nobody_in(client, oidc_provider):
    oidc_provider.deny_access()

    assert signin_error(sign_in(client)) == "access_denied"
    assert_nobody_signed_in(client)
    assert not User.objects.exists()


def test_other_provider_error_is_reported(client, oidc_provider):
    start_login(client)

    response = client.get(CALLBACK_URL, {"error": "server_error", "state": "whatever"})

    assert signin_error(response) == "provider_error"


def test_tampered_state_is_rejected(client, oidc_provider):
    callback = urlsplit(authorize(start_login(client)))
    params = {name: values[0] for name, values in parse_qs(callback.query).items()}

    response = client.get(CALLBACK_URL, {**params, "state": params["state"][:-1] + "x"})

    assert signin_error(response) == "invalid_state"
    assert_nobody_signed_in(client)
    assert not User.objects.exists()


def test_missing_state_is_rejected(client, oidc_provider):
    callback = urlsplit(authorize(start_login(client)))
    code = parse_qs(callback.query)["code"][0]

    assert signin_error(client.get(CALLBACK_URL, {"code": code})) == "invalid_state"


def test_callback_from_another_browser_is_rejected(client, oidc_provider):
    callback_path = authorize(start_login(client))

    assert signin_error(Client().get(callback_path)) == "invalid_state"
    assert not User.objects.exists()


def test_replayed_callback_is_rejected(client, oidc_provider):
    callback_path = authorize(start_login(client))
    client.get(callback_path)
    pick_up(client)

    assert signin_error(client.get(callback_path)) == "invalid_state"
    assert_nobody_signed_in(client)


def test_replayed_nonce_is_rejected(client, oidc_provider):
    first_url = start_login(client)
    first_nonce = parse_qs(urlsplit(first_url).query)["nonce"][0]
    client.get(authorize(first_url))
    pick_up(client)
    # The provider now returns an ID token carrying the first flow's nonce.
    oidc_provider.id_token_overrides = {"nonce": first_nonce}

    assert signin_error(sign_in(client)) == "invalid_token"
    assert_nobody_signed_in(client)


def test_expired_flow_is_rejected(client, oidc_provider):
    callback_path = authorize(start_login(client))
    session = client.session
    flows = session[FLOWS_SESSION_KEY]
    for flow in flows.values():
        flow["started_at"] = time.time() - FLOW_MAX_AGE - 1
    session[FLOWS_SESSION_KEY] = flows
    session.save()

    assert signin_error(client.get(callback_path)) == "invalid_state"


def test_two_tabs_can_sign_in_at_once(client, oidc_provider):
    first_url = start_login(client)
    second_url = start_login(client)

    assert client.get(authorize(second_url))["Location"] == "/?signin=google"
    assert client.get(authorize(first_url))["Location"] == "/?signin=google"


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "shop-android.apps.example.com"},
        {"iss": "https://evil.example"},
        {"exp": 1_000_000_000},
        {"sub": None},
    ],
    ids=["extra client id", "wrong issuer", "expired", "missing subject"],
)
def test_invalid_id_token_signs_nobody_in(client, oidc_provider, settings, claims):
    # Extra client ids are for apps that send ID tokens to the API, not for this flow.
    settings.GOOGLE_EXTRA_CLIENT_IDS = ["shop-android.apps.example.com"]
    oidc_provider.id_token_overrides = claims

    assert signin_error(sign_in(client)) == "invalid_token"
    assert_nobody_signed_in(client)
    assert not User.objects.exists()


def test_unverified_email_signs_nobody_in(client, oidc_provider):
    oidc_provider.set_identity("sub-1", "ann@example.com", email_verified=False)

    assert signin_error(sign_in(client)) == "email_not_verified"
    assert not User.objects.exists()


def test_inactive_account_signs_nobody_in(client, oidc_provider, user_factory):
    user_factory(email="ann@example.com", is_active=False)
    oidc_provider.set_identity("sub-1", "ann@example.com")

    assert signin_error(sign_in(client)) == "account_inactive"
    assert not ExternalIdentity.objects.exists()


def test_link_in_the_browser_discards_unverified_password(client, oidc_provider, user_factory):
    user = user_factory(email="ann@example.com")
    oidc_provider.set_identity("sub-1", "ann@example.com")

    sign_in(client)

    assert pick_up(client).json()["user"]["id"] == user.pk
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert user.email_verified is True


def test_wrong_client_secret_is_a_provider_error(client, oidc_provider, settings):
    settings.GOOGLE_CLIENT_SECRET = "not-the-secret"

    assert signin_error(sign_in(client)) == "provider_error"
    assert oidc_provider.token_requests == 1


def test_unreachable_provider_is_a_provider_error(client, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.GOOGLE_CLIENT_ID = CLIENT_ID
    settings.GOOGLE_CLIENT_SECRET = "secret"
    settings.GOOGLE_OIDC_ISSUER = f"http://127.0.0.1:{closed_port}"

    assert signin_error(client.get(LOGIN_URL)) == "provider_error"


@pytest.mark.parametrize("url", [LOGIN_URL, CALLBACK_URL + "?code=c&state=s"])
@pytest.mark.parametrize("missing", ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"])
def test_not_configured_redirects_with_error(client, settings, url, missing):
    settings.GOOGLE_CLIENT_ID = CLIENT_ID
    settings.GOOGLE_CLIENT_SECRET = "secret"
    setattr(settings, missing, "")

    assert signin_error(client.get(url)) == "not_configured"


def test_stale_pending_sign_in_is_dropped(client, oidc_provider):
    sign_in(client)
    session = client.session
    session[PENDING_SESSION_KEY] = {**session[PENDING_SESSION_KEY], "signed_in_at": 0}
    session.save()

    assert_nobody_signed_in(client)


def test_revoked_user_gets_no_pending_tokens(client, oidc_provider):
    sign_in(client)
    User.objects.update(token_version=5)

    assert_nobody_signed_in(client)


def test_pickup_without_csrf_token_is_forbidden(oidc_provider):
    client = Client(enforce_csrf_checks=True)
    sign_in(client)

    response = pick_up(client)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert error_codes(response) == [(None, "csrf_failed")]


def test_pickup_with_csrf_token_succeeds(oidc_provider):
    client = Client(enforce_csrf_checks=True)
    sign_in(client)
    csrf_token = "a" * 32
    client.cookies["csrftoken"] = csrf_token

    response = client.post(PICKUP_URL, content_type="application/json", HTTP_X_CSRFTOKEN=csrf_token)

    assert response.status_code == HTTPStatus.CREATED


def test_pickup_ignores_authorization_header(client, oidc_provider):
    sign_in(client)

    response = client.post(
        PICKUP_URL + "/", content_type="application/json", HTTP_AUTHORIZATION="Bearer stale"
    )

    assert response.status_code == HTTPStatus.CREATED


def test_login_and_callback_only_answer_get(client, oidc_provider):
    assert client.post(LOGIN_URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.post(CALLBACK_URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED
