"""OpenAPI pieces shared by the API's views."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponseSerializer(serializers.Serializer):
    """The error body of every 4xx and 5xx response."""

    type = serializers.ChoiceField(["validation_error", "client_error", "server_error"])
    errors = ErrorSerializer(many=True)


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorResponseSerializer, description=description)


def strip_trailing_slashes(result, generator, request, public):
    """Publish paths without the trailing slash, as the API documents them.

    Every route also matches with the slash; the URL patterns end in `/?`,
    which drf-spectacular renders as `/`.
    """
    result["paths"] = {
        (path.rstrip("/") or "/"): operations for path, operations in result["paths"].items()
    }
    return result


# One generic error schema per status code. The library's own schemas list
# the expected `attr` and `code` values per operation, but they miss errors
# raised outside serializers (pagination parameters, simplejwt's 401 codes,
# request-wide errors), so clients validating against them would reject
# real responses.
ERROR_SCHEMAS = dict.fromkeys(
    ["400", "401", "403", "404", "405", "406", "415", "429", "500"], ErrorResponseSerializer
)
