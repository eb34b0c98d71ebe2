"""The stand-in provider's own checks: client secret, PKCE and single-use codes."""

import base64
import hashlib
import json
import secrets
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.oidc import CLIENT_ID, CLIENT_SECRET

REDIRECT_URI = "http://testserver/auth/google/callback"


def s256(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


def authorize(provider, **overrides) -> dict[str, str]:
    """Return the query parameters of the redirect that the authorize endpoint returns."""
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid email profile",
        "state": "state-1",
        "nonce": "nonce-1",
        "code_challenge": s256("v" * 43),
        "code_challenge_method": "S256",
        **overrides,
    }
    answer = requests.get(
        f"{provider.issuer}/authorize", params=params, allow_redirects=False, timeout=5
    )
    assert answer.status_code == HTTPStatus.FOUND, answer.text
    return {
        name: values[0]
        for name, values in parse_qs(urlsplit(answer.headers["Location"]).query).items()
    }


def exchange(provider, code: str, verifier: str = "v" * 43, secret: str = CLIENT_SECRET):
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": verifier,
    }
    return requests.post(f"{provider.issuer}/token", data=form, auth=(CLIENT_ID, secret), timeout=5)


def test_code_exchange_returns_id_token_with_nonce(oidc_provider):
    code = authorize(oidc_provider)["code"]

    answer = exchange(oidc_provider, code)

    assert answer.status_code == HTTPStatus.OK
    payload = answer.json()["id_token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["nonce"] == "nonce-1"
    assert claims["aud"] == CLIENT_ID


def test_code_exchange_needs_matching_pkce_verifier(oidc_provider):
    code = authorize(oidc_provider)["code"]

    answer = exchange(oidc_provider, code, verifier=secrets.token_urlsafe(43))

    assert answer.status_code == HTTPStatus.BAD_REQUEST
    assert answer.json() == {"error": "invalid_grant"}


def test_code_is_single_use(oidc_provider):
    code = authorize(oidc_provider)["code"]
    exchange(oidc_provider, code)

    assert exchange(oidc_provider, code).json() == {"error": "invalid_grant"}


def test_code_exchange_needs_client_secret(oidc_provider):
    code = authorize(oidc_provider)["code"]

    answer = exchange(oidc_provider, code, secret="wrong")

    assert answer.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.parametrize(
    "overrides",
    [{"code_challenge_method": "plain"}, {"code_challenge": ""}, {"scope": "email"}],
)
def test_authorize_rejects_request_without_pkce_or_openid(oidc_provider, overrides):
    assert authorize(oidc_provider, **overrides)["error"] == "invalid_request"


def test_authorize_reports_denied_consent(oidc_provider):
    oidc_provider.deny_access()

    assert authorize(oidc_provider) == {"error": "access_denied", "state": "state-1"}


def test_authorize_rejects_unknown_client(oidc_provider):
    answer = requests.get(
        f"{oidc_provider.issuer}/authorize",
        params={"client_id": "other", "redirect_uri": REDIRECT_URI},
        allow_redirects=False,
        timeout=5,
    )

    assert answer.status_code == HTTPStatus.BAD_REQUEST
