"""Request and error bodies of POST /api/auth/google, for validation and the OpenAPI schema."""

from rest_framework import serializers

from .verification import MAX_TOKEN_LENGTH


class GoogleIdTokenSerializer(serializers.Serializer):
    id_token = serializers.CharField(
        max_length=MAX_TOKEN_LENGTH,
        help_text="OpenID Connect ID token from Google Identity Services, Android or iOS.",
    )


class GoogleErrorSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="401: invalid_token or account_inactive. "
        "503: not_configured or provider_unavailable."
    )
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class GoogleErrorResponseSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="client_error (401) or server_error (503).")
    errors = GoogleErrorSerializer(many=True)
