"""Google sign-in endpoints: the ID token API and the browser's redirect flow."""

import logging
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseRedirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import CSRFCheck
from rest_framework.exceptions import (
    AuthenticationFailed,
    ErrorDetail,
    PermissionDenied,
    ValidationError,
)
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.common.errors import error_body

from ..authentication import BearerChallengeMixin
from ..serializers import TokenPairSerializer, token_pair_body
from ..services import SignIn
from ..tokens import issue_token_pair
from . import flow
from .config import GoogleSettings, load_google_settings
from .provider import ProviderUnavailable
from .serializers import GoogleErrorResponseSerializer, GoogleIdTokenSerializer
from .services import AccountInactive, EmailNotVerified, sign_in_with_google
from .verification import InvalidIdToken, verify_id_token

logger = logging.getLogger(__name__)

SIGNED_IN_URL = "/?signin=google"
NOT_CONFIGURED = "Google sign-in is not configured on this server (GOOGLE_CLIENT_ID is empty)."


class GoogleSignInView(BearerChallengeMixin, APIView):
    """Sign in with an ID token that a Google SDK gave the client.

    A new Google identity creates the account (201) or links it to the account
    with the same verified email; a known identity signs in (200).
    """

    # No authenticator: a stale Authorization header must not block a sign-in.
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=GoogleIdTokenSerializer,
        responses={
            200: TokenPairSerializer,
            201: TokenPairSerializer,
            401: OpenApiResponse(
                GoogleErrorResponseSerializer,
                description="The ID token is invalid or its account is deactivated.",
            ),
            503: OpenApiResponse(
                GoogleErrorResponseSerializer,
                description="Google sign-in is not configured, or Google's keys are unreachable.",
            ),
        },
        summary="Sign in with a Google ID token, creating or linking the account",
    )
    def post(self, request: Request) -> Response:
        google = load_google_settings()
        if not google.is_configured:
            return _service_unavailable("not_configured", NOT_CONFIGURED)

        serializer = GoogleIdTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        try:
            result = _sign_in_with_id_token(serializer.validated_data["id_token"], google)
        except ProviderUnavailable:
            logger.error("google keys unavailable", extra={"issuer": google.issuer})
            return _service_unavailable(
                "provider_unavailable",
                "Google's signing keys could not be fetched. Try again later.",
            )

        pair = issue_token_pair(result.user)
        body = token_pair_body(user=result.user, pair=pair, created=result.created)
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )


def _service_unavailable(code: str, message: str) -> Response:
    # Returned, not raised: a raised 5xx is reported like a crash, with a
    # traceback, and these two are expected states of the deployment.
    body = error_body("server_error", code, message)
    return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE)


def _sign_in_with_id_token(raw_id_token: str, google: GoogleSettings) -> SignIn:
    """Verify the token and sign its identity in, raising the API error for each failure.

    ProviderUnavailable passes through.
    """
    try:
        claims = verify_id_token(raw_id_token, issuer=google.issuer, audiences=google.api_audiences)
    except InvalidIdToken as rejection:
        logger.warning("google id token rejected", extra={"reason": rejection.reason})
        raise AuthenticationFailed(
            "The Google ID token is invalid or expired. Get a new one from Google and retry.",
            code="invalid_token",
        ) from rejection

    try:
        return sign_in_with_google(claims=claims)
    except EmailNotVerified as error:
        detail = ErrorDetail(
            "Google has not verified this email address. Verify it with Google, "
            "or sign in with a password.",
            "email_not_verified",
        )
        raise ValidationError({"id_token": [detail]}) from error
    except AccountInactive as error:
        raise AuthenticationFailed(
            "This account is deactivated. Contact the shop to reactivate it.",
            code="account_inactive",
        ) from error


@require_GET
@never_cache
def google_login(request: HttpRequest) -> HttpResponseRedirect:
    """Redirect the browser to the provider with a fresh state, nonce and PKCE challenge."""
    google = load_google_settings()
    if not google.is_configured or not google.client_secret:
        return _redirect_with_error("not_configured")

    try:
        url = flow.start_sign_in(request, google)
    except flow.SignInFailed as failure:
        return _redirect_with_error(failure.code)
    return HttpResponseRedirect(url)


@require_GET
@never_cache
def google_callback(request: HttpRequest) -> HttpResponseRedirect:
    """Finish the redirect flow and keep the sign-in for one token pickup."""
    google = load_google_settings()
    if not google.is_configured or not google.client_secret:
        return _redirect_with_error("not_configured")

    try:
        result = flow.finish_sign_in(request, google)
    except flow.SignInFailed as failure:
        return _redirect_with_error(failure.code)

    flow.keep_pending_sign_in(request, result)
    return HttpResponseRedirect(SIGNED_IN_URL)


def _redirect_with_error(code: str) -> HttpResponseRedirect:
    logger.warning("google browser sign-in failed", extra={"reason": code})
    return HttpResponseRedirect("/?" + urlencode({"signin_error": code}))


class GoogleSessionTokenView(APIView):
    """Hand the browser page the token pair of its finished Google sign-in, once."""

    # The session cookie, with the CSRF token, is the only credential, so an
    # Authorization header is ignored.
    authentication_classes: list = []
    permission_classes = [AllowAny]

    # A browser route with a session cookie and CSRF token, not part of the API.
    @extend_schema(exclude=True)
    def post(self, request: Request) -> Response:
        _enforce_csrf(request)

        pending = flow.take_pending_sign_in(request.session)
        if pending is None:
            raise ValidationError(
                "No Google sign-in is waiting in this session. Sign in with Google again.",
                code="no_pending_sign_in",
            )

        pair = issue_token_pair(pending.user)
        body = token_pair_body(user=pending.user, pair=pair, created=pending.created)
        logger.info("google sign-in picked up", extra={"user_id": pending.user.pk})
        return Response(
            body, status=status.HTTP_201_CREATED if pending.created else status.HTTP_200_OK
        )


def _enforce_csrf(request: Request) -> None:
    """Apply Django's CSRF check, which DRF views skip, and raise a failure in the API's shape.

    The session cookie is this endpoint's only credential, so a request from
    another site must not be able to use it.
    """
    check = CSRFCheck(lambda _request: None)
    check.process_request(request._request)
    reason = check.process_view(request._request, None, (), {})
    if reason:
        logger.warning("google sign-in pickup failed the CSRF check", extra={"reason": reason})
        raise PermissionDenied(
            "The CSRF token is missing or invalid. Reload the page and try again.",
            code="csrf_failed",
        )
