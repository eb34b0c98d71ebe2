"""Issue, rotate and revoke the JWT pairs that the API hands out.

Every token carries the user's `token_version`. Raising that number (on a
password change, or when an unverified password is discarded) rejects every
access token issued before at once, and the outstanding refresh tokens are
also put on simplejwt's blacklist.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from .models import User
from .user_state import forget_user_state

logger = logging.getLogger(__name__)

TOKEN_VERSION_CLAIM = "ver"  # noqa: S105 - a claim name, not a secret


class RefreshRejected(Exception):
    """The refresh token is invalid, expired, revoked, or its user may not sign in."""


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    expires_in: int


def issue_token_pair(user: User) -> TokenPair:
    refresh = RefreshToken.for_user(user)
    refresh[TOKEN_VERSION_CLAIM] = user.token_version
    lifetime = settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"]
    return TokenPair(
        access=str(refresh.access_token),
        refresh=str(refresh),
        expires_in=int(lifetime.total_seconds()),
    )


def rotate_refresh_token(raw_token: str) -> tuple[User, TokenPair]:
    """Revoke a refresh token and issue a new pair for its user.

    Blacklisting goes through a unique row, so of two requests racing with
    one token only one gets a new pair. Raises RefreshRejected otherwise.
    """
    token = _decode_refresh(raw_token)
    user = _load_user_for(token)

    with transaction.atomic():
        outstanding = OutstandingToken.objects.filter(jti=token["jti"]).first()
        if outstanding is None:
            raise RefreshRejected("unknown token")
        _, created = BlacklistedToken.objects.get_or_create(token=outstanding)
        if not created:
            logger.warning(
                "refresh token reused",
                extra={"event": "refresh_token_reused", "user_id": user.pk},
            )
            raise RefreshRejected("token already used")
        pair = issue_token_pair(user)
    return user, pair


def revoke_refresh_token(raw_token: str, *, user: User) -> None:
    """Blacklist one refresh token of `user`; revoking it twice is not an error."""
    try:
        # verify=False only parses; the decode below checks signature and
        # expiry, so a blacklisted but otherwise valid token still passes.
        token = RefreshToken(raw_token, verify=False)
        token.get_token_backend().decode(raw_token, verify=True)
        token.verify_token_type()
    except (TokenError, TokenBackendError) as error:
        raise RefreshRejected(str(error)) from error
    if str(token.get(settings.SIMPLE_JWT["USER_ID_CLAIM"])) != str(user.pk):
        raise RefreshRejected("token belongs to another user")

    outstanding = OutstandingToken.objects.filter(jti=token["jti"]).first()
    if outstanding is not None:
        BlacklistedToken.objects.get_or_create(token=outstanding)
    logger.info(
        "refresh token revoked", extra={"event": "refresh_token_revoked", "user_id": user.pk}
    )


def revoke_all_tokens(user: User) -> None:
    """Reject every token issued to `user` so far: access and refresh alike."""
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    forget_user_state(user.pk)
    user.refresh_from_db(fields=["token_version"])

    pending = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in pending], ignore_conflicts=True
    )
    logger.info("all tokens revoked", extra={"event": "all_tokens_revoked", "user_id": user.pk})


def _decode_refresh(raw_token: str) -> RefreshToken:
    try:
        return RefreshToken(raw_token)
    except TokenError as error:
        raise RefreshRejected(str(error)) from error


def _load_user_for(token: RefreshToken) -> User:
    user_id = token.get(settings.SIMPLE_JWT["USER_ID_CLAIM"])
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.is_active:
        raise RefreshRejected("user not found or inactive")
    if token.get(TOKEN_VERSION_CLAIM) != user.token_version:
        raise RefreshRejected("token issued before the last revocation")
    return user
