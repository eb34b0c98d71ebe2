"""Request and response bodies of the sign-in and profile endpoints."""

from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from .models import User

PASSWORD_MAX_LENGTH = 4096


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False)


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField(max_length=4096)


class ProfileSerializer(serializers.ModelSerializer):
    phone_number = PhoneNumberField(
        allow_blank=True,
        required=False,
        help_text="Any valid number; stored and returned in E.164. Empty string clears it.",
    )
    has_password = serializers.SerializerMethodField()
    google_linked = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "phone_number",
            "address",
            "date_joined",
            "has_password",
            "google_linked",
        ]
        read_only_fields = ["id", "email", "date_joined"]

    def get_has_password(self, user: User) -> bool:
        return user.has_usable_password()

    def get_google_linked(self, user: User) -> bool:
        return user.identities.exists()


class ProfileReplaceSerializer(ProfileSerializer):
    """PUT body: every editable field is required."""

    phone_number = PhoneNumberField(allow_blank=True, required=True)

    class Meta(ProfileSerializer.Meta):
        extra_kwargs = {
            "first_name": {"required": True, "allow_blank": True},
            "last_name": {"required": True, "allow_blank": True},
            "address": {"required": True, "allow_blank": True},
        }


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        trim_whitespace=False,
        required=False,
        allow_blank=True,
        help_text="Required when the account already has a password.",
    )
    new_password = serializers.CharField(max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False)

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.has_usable_password():
            current = self.fields["current_password"]
            current.required = True
            current.allow_blank = False


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    token_type = serializers.CharField(default="Bearer")
    expires_in = serializers.IntegerField(help_text="Lifetime of the access token in seconds.")
    created = serializers.BooleanField(help_text="True only when this request created the account.")
    user = ProfileSerializer()


def token_pair_body(*, user: User, pair, created: bool = False) -> dict:
    """Build the token pair response that login, refresh and password change share."""
    return {
        "access": pair.access,
        "refresh": pair.refresh,
        "token_type": "Bearer",
        "expires_in": pair.expires_in,
        "created": created,
        "user": ProfileSerializer(user).data,
    }
