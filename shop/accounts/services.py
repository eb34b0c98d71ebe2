"""Sign-in and profile changes: the rules, without HTTP."""

import logging
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import User, normalize_email
from .tokens import revoke_all_tokens

logger = logging.getLogger(__name__)


class InvalidCredentials(Exception):
    """Wrong password, inactive account, or an account without a password."""


@dataclass(frozen=True)
class SignIn:
    user: User
    created: bool


def sign_in_with_password(*, email: str, password: str) -> SignIn:
    """Create the account for an unknown email, else check the password.

    Raises django's ValidationError when a new account's password fails the
    configured validators, and InvalidCredentials for a refused sign-in.
    """
    email = normalize_email(email)
    user = User.objects.filter(email=email).first()
    if user is None:
        created = _create_account(email=email, password=password)
        if created is not None:
            logger.info("account created by password login", extra={"user_id": created.pk})
            return SignIn(user=created, created=True)
        # Another request created the same account a moment ago.
        user = User.objects.get(email=email)

    if not user.is_active or not user.check_password(password):
        logger.warning("failed login", extra={"user_id": user.pk})
        raise InvalidCredentials
    logger.info("login", extra={"user_id": user.pk})
    return SignIn(user=user, created=False)


def _create_account(*, email: str, password: str) -> User | None:
    validate_password(password, user=User(email=email))
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password)
    except IntegrityError:
        return None


def change_password(*, user: User, new_password: str, current_password: str | None = None) -> None:
    """Set a new password and revoke every token issued before.

    `current_password` is checked only when the account already has one.
    Raises django's ValidationError keyed by field name.
    """
    if user.has_usable_password() and not user.check_password(current_password or ""):
        logger.warning("password change with wrong current password", extra={"user_id": user.pk})
        raise ValidationError(
            {"current_password": ValidationError("The current password is wrong.", code="invalid")}
        )
    try:
        validate_password(new_password, user=user)
    except ValidationError as error:
        raise ValidationError({"new_password": error.error_list}) from error

    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        revoke_all_tokens(user)
    logger.info("password changed", extra={"user_id": user.pk})
