"""One error body for every failure: the format of drf-standardized-errors.

Domain code raises `DomainValidationError` with every problem it found; the
exception handler here turns it into a 400 like any serializer error. Django's
own 404 and 500 pages are replaced by JSON in the same shape.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_standardized_errors.formatter import ExceptionFormatter as StandardFormatter
from drf_standardized_errors.handler import ExceptionHandler as StandardExceptionHandler
from drf_standardized_errors.types import Error
from redis.exceptions import RedisError
from rest_framework import status
from rest_framework.exceptions import (
    APIException,
    AuthenticationFailed,
    ErrorDetail,
    ValidationError,
)
from rest_framework.settings import api_settings
from rest_framework_simplejwt.exceptions import AuthenticationFailed as TokenAuthenticationFailed

logger = logging.getLogger(__name__)

NON_FIELD_KEY = api_settings.NON_FIELD_ERRORS_KEY


@dataclass(frozen=True)
class FieldError:
    """One problem: `attr` is a dotted path such as `items.1.quantity`, or None."""

    attr: str | None
    code: str
    detail: str


class DomainValidationError(Exception):
    """Input that is well formed but breaks a business rule, returned as a 400."""

    def __init__(self, errors: list[FieldError]):
        super().__init__(f"{len(errors)} validation error(s)")
        self.errors = errors


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with another request in progress."
    default_code = "conflict"


class UnprocessableEntity(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request cannot be processed."
    default_code = "unprocessable_entity"


class ServiceUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The service is unavailable."
    default_code = "service_unavailable"


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class ExceptionHandler(StandardExceptionHandler):
    """drf-standardized-errors' handler, extended with the shop's own exceptions.

    Plugged in through its EXCEPTION_HANDLER_CLASS setting, not by wrapping
    its function, because its OpenAPI generator documents error responses only
    for views that use that very function.
    """

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return RequestTooLarge(f"The request body is larger than the limit of {limit} bytes.")
        if isinstance(exc, DomainValidationError):
            return ValidationError(_nest(exc.errors))
        if isinstance(exc, TokenAuthenticationFailed):
            return _to_request_wide_error(exc)
        if isinstance(exc, RedisError):
            # The throttles and the user state cache need Redis when REDIS_URL
            # is set; without it the request cannot be checked, so 503, not 500.
            logger.error("cache unavailable", exc_info=exc)
            return ServiceUnavailable("A backing service is unavailable; retry shortly.")
        return super().convert_known_exceptions(exc)


def _to_request_wide_error(exc: TokenAuthenticationFailed) -> AuthenticationFailed:
    """Turn a simplejwt rejection into one error with `attr` null.

    simplejwt's `detail` is a dict ({"detail", "code", "messages"}), which the
    standard formatter would report as one error per key, with `attr` set to
    "detail", "code" or "messages.0.token_class".
    """
    detail = exc.detail
    replacement = AuthenticationFailed(str(detail["detail"]), code=str(detail["code"]))
    # DRF sets the WWW-Authenticate value on the exception it raised.
    replacement.auth_header = getattr(exc, "auth_header", None)
    return replacement


def _nest(errors: list[FieldError]) -> dict | list:
    """Turn dotted attrs into the nested dict that the standard formatter flattens."""
    tree: dict = {}
    for error in errors:
        node = tree
        *parents, leaf = (error.attr or NON_FIELD_KEY).split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node.setdefault(leaf, []).append(ErrorDetail(error.detail, code=error.code))
    return tree


class ExceptionFormatter(StandardFormatter):
    """Report request-wide errors with `attr` null, as the API documents.

    DRF files errors that belong to no field under "non_field_errors", which
    would otherwise show up in `attr` (`items.non_field_errors`).
    """

    def get_errors(self) -> list[Error]:
        return [
            Error(error.code, error.detail, _strip_non_field_key(error.attr))
            for error in super().get_errors()
        ]


def _strip_non_field_key(attr: str | None) -> str | None:
    if attr is None:
        return None
    parts = [part for part in attr.split(".") if part != NON_FIELD_KEY]
    return ".".join(parts) or None


def error_body(error_type: str, code: str, detail: str, attr: str | None = None) -> dict:
    return {"type": error_type, "errors": [{"code": code, "detail": detail, "attr": attr}]}


# Exempt from CSRF because it is also the catch-all route under /api/: a POST
# to an unknown API path would otherwise get Django's HTML 403 page, not a 404.
@csrf_exempt
def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    body = error_body("client_error", "not_found", "Not found.")
    return JsonResponse(body, status=status.HTTP_404_NOT_FOUND)


def server_error(request: HttpRequest) -> JsonResponse:
    body = error_body("server_error", "error", "A server error occurred.")
    return JsonResponse(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    body = error_body("client_error", "bad_request", "Bad request.")
    return JsonResponse(body, status=status.HTTP_400_BAD_REQUEST)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    body = error_body("client_error", "permission_denied", "Permission denied.")
    return JsonResponse(body, status=status.HTTP_403_FORBIDDEN)


def csrf_failure(request: HttpRequest, reason: str = "") -> JsonResponse:
    """Return a failed CSRF check (browser routes, the admin) as a 403 in the error shape."""
    body = error_body("client_error", "csrf_failed", f"CSRF check failed: {reason}")
    return JsonResponse(body, status=status.HTTP_403_FORBIDDEN)
