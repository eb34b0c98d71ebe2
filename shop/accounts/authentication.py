"""JWT authentication that also rejects tokens revoked by a token_version bump."""

import logging

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.db.models.base import DEFERRED
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import Token

from .models import User
from .tokens import TOKEN_VERSION_CLAIM
from .user_state import UserState, load_user_state

logger = logging.getLogger(__name__)

WWW_AUTHENTICATE = 'Bearer realm="api"'


class ShopJWTAuthentication(JWTAuthentication):
    """Bearer tokens; deleted, inactive or revoked users get 401, never 403.

    The user's state comes from a short-lived cache (see user_state.py), so
    most requests make no query here. `request.user` is a User whose other
    fields are loaded, all in one query, the first time one of them is read.
    """

    www_authenticate_realm = "api"

    def get_user(self, validated_token: Token) -> User:
        user_id = _user_id(validated_token)
        state = load_user_state(user_id)
        if state is None:
            raise AuthenticationFailed("User not found", code="user_not_found")
        if not state.is_active:
            raise AuthenticationFailed("User is inactive", code="user_inactive")
        if validated_token.get(TOKEN_VERSION_CLAIM) != state.token_version:
            logger.info(
                "revoked access token rejected",
                extra={"event": "revoked_token_rejected", "user_id": user_id},
            )
            raise AuthenticationFailed("Token has been revoked.", code="token_not_valid")

        return _partly_loaded_user(user_id, state)


def _user_id(validated_token: Token) -> int:
    try:
        return User._meta.pk.to_python(validated_token[api_settings.USER_ID_CLAIM])
    except (KeyError, ValidationError) as error:
        raise InvalidToken("Token contained no recognizable user identification") from error


def _partly_loaded_user(user_id: int, state: UserState) -> User:
    loaded = {"id": user_id, "is_active": state.is_active, "token_version": state.token_version}
    fields = User._meta.concrete_fields
    values = [loaded.get(field.attname, DEFERRED) for field in fields]
    return User.from_db(DEFAULT_DB_ALIAS, [field.attname for field in fields], values)


# Keeps 401 (not 403) on views that authenticate nobody, such as login: DRF
# turns a 401 into a 403 when no authenticator of the view names a challenge.
# A comment, not a docstring, because drf-spectacular would publish a
# docstring as the description of every view that inherits it.
class BearerChallengeMixin:
    def get_authenticate_header(self, request) -> str:
        return WWW_AUTHENTICATE
