"""The browser's authorization-code flow, with its state kept in the Django session.

`start_sign_in` stores the nonce and PKCE verifier under the state value.
`finish_sign_in` removes them before any other check, so each state and nonce
is accepted at most once. A successful sign-in is then kept in the
session until the page picks up its token pair.
"""

import hmac
import logging
import secrets
import time
from dataclasses import dataclass

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.urls import reverse

from ..models import User
from ..services import SignIn
from .config import GoogleSettings
from .provider import ProviderUnavailable, get_provider_metadata
from .services import AccountInactive, EmailNotVerified, sign_in_with_google
from .verification import InvalidIdToken, verify_id_token

logger = logging.getLogger(__name__)

SCOPE = "openid email profile"
FLOWS_SESSION_KEY = "google_sign_in_flows"
PENDING_SESSION_KEY = "google_pending_sign_in"
FLOW_MAX_AGE = 600  # seconds between the redirect to the provider and the callback
MAX_OPEN_FLOWS = 5  # per session, so several tabs can sign in at once
PENDING_MAX_AGE = 300  # seconds between the callback and the token pickup
TOKEN_REQUEST_TIMEOUT = (3.05, 10)  # (connect, read) seconds


class SignInFailed(Exception):
    """The browser flow failed; `code` is the value of `signin_error` on the redirect."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class PendingSignIn:
    user: User
    created: bool


def start_sign_in(request: HttpRequest, google: GoogleSettings) -> str:
    """Remember a new state, nonce and PKCE verifier; return the provider's URL.

    Raises SignInFailed("provider_error") when the provider cannot be reached.
    """
    metadata = _provider_metadata(google)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    code_verifier = secrets.token_urlsafe(64)
    redirect_uri = request.build_absolute_uri(reverse("google:callback"))

    client = _oauth_client(google, redirect_uri)
    url, _ = client.create_authorization_url(
        metadata.authorization_endpoint, state=state, code_verifier=code_verifier, nonce=nonce
    )

    flows = _open_flows(request.session)
    flows[state] = {
        "nonce": nonce,
        "code_verifier": code_verifier,
        "redirect_uri": redirect_uri,
        "started_at": time.time(),
    }
    request.session[FLOWS_SESSION_KEY] = dict(list(flows.items())[-MAX_OPEN_FLOWS:])
    return url


def finish_sign_in(request: HttpRequest, google: GoogleSettings) -> SignIn:
    """Check the callback's state, exchange the code and sign the identity in.

    Raises SignInFailed with the code the browser client shows.
    """
    params = request.GET
    flow = _take_flow(request.session, params.get("state", ""))
    error = params.get("error")
    if error:
        raise SignInFailed("access_denied" if error == "access_denied" else "provider_error")
    if flow is None:
        raise SignInFailed("invalid_state")
    code = params.get("code")
    if not code:
        raise SignInFailed("provider_error")

    raw_id_token = _exchange_code(google, flow, code)
    try:
        claims = verify_id_token(
            raw_id_token, issuer=google.issuer, audiences=[google.client_id], nonce=flow["nonce"]
        )
    except InvalidIdToken as rejection:
        logger.warning("google id token rejected", extra={"reason": rejection.reason})
        raise SignInFailed("invalid_token") from rejection
    except ProviderUnavailable as error:
        raise SignInFailed("provider_error") from error

    try:
        return sign_in_with_google(claims=claims)
    except EmailNotVerified as error:
        raise SignInFailed("email_not_verified") from error
    except AccountInactive as error:
        raise SignInFailed("account_inactive") from error


def keep_pending_sign_in(request: HttpRequest, result: SignIn) -> None:
    """Keep the signed-in user for one token pickup, in a fresh session.

    The session contains the user id and token version, not the tokens,
    because the pair is issued only when the page picks it up.
    """
    request.session.cycle_key()
    request.session[PENDING_SESSION_KEY] = {
        "user_id": result.user.pk,
        "token_version": result.user.token_version,
        "created": result.created,
        "signed_in_at": time.time(),
    }


def take_pending_sign_in(session: SessionBase) -> PendingSignIn | None:
    """Remove and return the pending sign-in, unless it is stale or its user changed."""
    pending = session.pop(PENDING_SESSION_KEY, None)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("signed_in_at", 0) > PENDING_MAX_AGE:
        return None

    user = User.objects.filter(pk=pending.get("user_id"), is_active=True).first()
    if user is None or user.token_version != pending.get("token_version"):
        return None
    return PendingSignIn(user=user, created=bool(pending.get("created")))


def _provider_metadata(google: GoogleSettings):
    try:
        return get_provider_metadata(google.issuer)
    except ProviderUnavailable as error:
        raise SignInFailed("provider_error") from error


def _oauth_client(google: GoogleSettings, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=google.client_id,
        client_secret=google.client_secret,
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )


def _open_flows(session: SessionBase) -> dict:
    """Return the session's flows that have not expired yet."""
    flows = session.get(FLOWS_SESSION_KEY)
    if not isinstance(flows, dict):
        return {}
    now = time.time()
    return {
        state: flow
        for state, flow in flows.items()
        if now - flow.get("started_at", 0) <= FLOW_MAX_AGE
    }


def _take_flow(session: SessionBase, state: str) -> dict | None:
    """Remove and return the open flow started with this state, if there is one."""
    flows = _open_flows(session)
    match = None
    for known_state in list(flows):
        if state and hmac.compare_digest(known_state.encode(), state.encode()):
            match = flows.pop(known_state)
    session[FLOWS_SESSION_KEY] = flows
    return match


def _exchange_code(google: GoogleSettings, flow: dict, code: str) -> str:
    """Trade the authorization code for the ID token at the token endpoint."""
    metadata = _provider_metadata(google)
    with _oauth_client(google, flow["redirect_uri"]) as client:
        try:
            token = client.fetch_token(
                metadata.token_endpoint,
                grant_type="authorization_code",
                code=code,
                code_verifier=flow["code_verifier"],
                timeout=TOKEN_REQUEST_TIMEOUT,
            )
        except (OAuthError, requests.RequestException, ValueError) as error:
            logger.warning(
                "google code exchange failed", extra={"error_type": type(error).__name__}
            )
            raise SignInFailed("provider_error") from error

    raw_id_token = token.get("id_token")
    if not isinstance(raw_id_token, str):
        logger.warning("google id token rejected", extra={"reason": "missing_id_token"})
        raise SignInFailed("invalid_token")
    return raw_id_token
