"""Sign-in, token and profile endpoints."""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from drf_standardized_errors.openapi_serializers import ErrorResponse401Serializer
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed, Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import APIView

from shop.common.request_context import get_client_address
from shop.common.schema import error_response

from . import services
from .authentication import BearerChallengeMixin
from .serializers import (
    LoginSerializer,
    PasswordChangeSerializer,
    ProfileReplaceSerializer,
    ProfileSerializer,
    RefreshSerializer,
    TokenPairSerializer,
    token_pair_body,
)
from .throttling import LoginThrottle, Reservation
from .tokens import RefreshRejected, issue_token_pair, revoke_refresh_token, rotate_refresh_token

logger = logging.getLogger(__name__)


class LoginView(BearerChallengeMixin, APIView):
    """Sign in with email and password.

    An unknown email creates the account (201, `created` true); a known one
    checks the password (200). Wrong password, inactive account or an account
    without a password: 401. Repeated failures: 429 with Retry-After.
    """

    # No authenticator: a stale Authorization header must not block a login.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginThrottle]
    # Set by LoginThrottle: the slots this request has taken in the failure counters.
    login_reservation: Reservation | None = None

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: TokenPairSerializer,
            201: TokenPairSerializer,
            401: ErrorResponse401Serializer,
        },
        summary="Sign in with email and password, creating the account if it is new",
    )
    def post(self, request: Request) -> Response:
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        try:
            result = services.sign_in_with_password(
                **serializer.validated_data, client_address=get_client_address(request)
            )
        except DjangoValidationError as error:
            raise ValidationError(
                as_serializer_error(DjangoValidationError({"password": error.error_list}))
            ) from error
        except services.AccountCreationThrottled as error:
            raise Throttled(wait=error.wait) from error
        except services.InvalidCredentials as error:
            raise AuthenticationFailed("Invalid email or password.") from error

        pair = issue_token_pair(result.user)
        body = token_pair_body(user=result.user, pair=pair, created=result.created)
        return Response(
            body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )

    def finalize_response(self, request: Request, response: Response, *args, **kwargs):
        # Only a refused sign-in (401) keeps its place in the failure counters.
        if self.login_reservation is not None and response.status_code != 401:
            self.login_reservation.release()
        return super().finalize_response(request, response, *args, **kwargs)


class RefreshView(BearerChallengeMixin, APIView):
    """Trade a refresh token for a new token pair; the old refresh token is revoked."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=RefreshSerializer,
        responses={
            200: TokenPairSerializer,
            401: error_response("The refresh token is invalid, expired or already used."),
        },
        summary="Trade a refresh token for a new pair; the old one stops working",
    )
    def post(self, request: Request) -> Response:
        serializer = RefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        try:
            user, pair = rotate_refresh_token(serializer.validated_data["refresh"])
        except RefreshRejected as error:
            # A rotated-out token coming back can mean that it was stolen.
            logger.warning(
                "refresh token rejected",
                extra={"event": "refresh_token_rejected", "reason": str(error)},
            )
            raise AuthenticationFailed(
                "Refresh token is invalid, expired or revoked.", code="token_not_valid"
            ) from error

        return Response(token_pair_body(user=user, pair=pair))


class LogoutView(APIView):
    @extend_schema(
        request=RefreshSerializer,
        responses={204: None},
        summary="Revoke a refresh token",
    )
    def post(self, request: Request) -> Response:
        serializer = RefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)

        try:
            revoke_refresh_token(serializer.validated_data["refresh"], user=request.user)
        except RefreshRejected as error:
            raise ValidationError(
                {"refresh": ["This refresh token is invalid or is not yours."]}
            ) from error

        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileView(APIView):
    @extend_schema(responses=ProfileSerializer, summary="Show the signed-in user's profile")
    def get(self, request: Request) -> Response:
        return Response(ProfileSerializer(request.user).data)

    @extend_schema(
        request=ProfileSerializer,
        responses=ProfileSerializer,
        summary="Change some profile fields",
    )
    def patch(self, request: Request) -> Response:
        return self._update(request, ProfileSerializer, partial=True)

    @extend_schema(
        request=ProfileSerializer,
        responses=ProfileSerializer,
        summary="Change some profile fields (same as PATCH)",
    )
    def post(self, request: Request) -> Response:
        return self._update(request, ProfileSerializer, partial=True)

    @extend_schema(
        request=ProfileReplaceSerializer,
        responses=ProfileSerializer,
        summary="Replace all editable profile fields",
    )
    def put(self, request: Request) -> Response:
        return self._update(request, ProfileReplaceSerializer, partial=False)

    def _update(self, request: Request, serializer_class, *, partial: bool) -> Response:
        serializer = serializer_class(request.user, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)

        user = serializer.save()
        logger.info("profile updated", extra={"user_id": user.pk})

        return Response(ProfileSerializer(user).data)


class PasswordView(APIView):
    @extend_schema(
        request=PasswordChangeSerializer,
        responses=TokenPairSerializer,
        summary="Set or change the password; every older token is revoked",
    )
    def post(self, request: Request) -> Response:
        user = request.user
        serializer = PasswordChangeSerializer(data=request.data, user=user)
        serializer.is_valid(raise_exception=True)

        try:
            services.change_password(user=user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(as_serializer_error(error)) from error

        pair = issue_token_pair(user)
        return Response(token_pair_body(user=user, pair=pair))
