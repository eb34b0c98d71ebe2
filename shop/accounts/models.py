"""Users keyed by email, and the external identities linked to them."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField


def normalize_email(email: str) -> str:
    """Return the stored form of an email: trimmed and lower-cased as a whole."""
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **fields)
        # None gives an unusable password: the account can sign in only through
        # Google until a password is set.
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email=normalize_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", max_length=254, unique=True)
    email_verified = models.BooleanField(
        default=False,
        help_text="True once a trusted identity provider confirmed the address.",
    )
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    phone_number = PhoneNumberField(blank=True)
    address = models.TextField(max_length=1000, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    token_version = models.PositiveIntegerField(
        default=0,
        help_text="Stored in every JWT; raising it rejects all tokens issued before.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        # Authentication hands views a User with most fields deferred. Reading
        # one of them loads them all in one query instead of one query each.
        if fields is not None:
            deferred = self.get_deferred_fields()
            if deferred.intersection(fields):
                fields = deferred.union(fields)
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)


class ExternalIdentity(models.Model):
    """An account at an OpenID Connect provider, identified by (issuer, subject)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="identities")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    email = models.EmailField(max_length=254, blank=True, help_text="Last email the provider sent.")
    created_at = models.DateTimeField(default=timezone.now)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "external identities"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="accounts_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
