"""JWT authentication that also rejects tokens revoked by a token_version bump."""

import logging

from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.tokens import Token

from .models import User
from .tokens import TOKEN_VERSION_CLAIM

logger = logging.getLogger(__name__)

WWW_AUTHENTICATE = 'Bearer realm="api"'


class ShopJWTAuthentication(JWTAuthentication):
    """Bearer tokens; deleted, inactive or revoked users get 401, never 403."""

    www_authenticate_realm = "api"

    def get_user(self, validated_token: Token) -> User:
        # simplejwt raises AuthenticationFailed (401) for a missing or
        # inactive user.
        user = super().get_user(validated_token)
        if validated_token.get(TOKEN_VERSION_CLAIM) != user.token_version:
            logger.info("revoked access token rejected", extra={"user_id": user.pk})
            raise AuthenticationFailed("Token has been revoked.", code="token_not_valid")
        return user


class BearerChallengeMixin:
    """Keep 401 (not 403) on views that authenticate nobody, such as login.

    DRF turns a 401 into a 403 when the view has no authenticator that names a
    challenge, so views with `authentication_classes = []` need this.
    """

    def get_authenticate_header(self, request) -> str:
        return WWW_AUTHENTICATE
