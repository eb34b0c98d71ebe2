"""Sign-in and profile changes: the rules, without HTTP."""

import logging
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from . import throttling
from .models import User, normalize_email
from .tokens import revoke_all_tokens

logger = logging.getLogger(__name__)


class InvalidCredentials(Exception):
    """Wrong password, inactive account, or an account without a password."""


class AccountCreationThrottled(Exception):
    """The client address created too many accounts recently; retry after `wait` seconds."""

    def __init__(self, wait: int):
        super().__init__(f"account creation throttled for {wait} s")
        self.wait = wait


@dataclass(frozen=True)
class SignIn:
    user: User
    created: bool


def sign_in_with_password(
    *, email: str, password: str, client_address: str | None = None
) -> SignIn:
    """Create the account for an unknown email, else check the password.

    Every path runs the password hasher once, so the response time does not
    tell whether an email has an account. `client_address` counts new accounts
    against the per-address limit; None skips that limit.

    Raises django's ValidationError when a new account's password fails the
    configured validators, AccountCreationThrottled when the address created
    too many accounts, and InvalidCredentials for a refused sign-in.
    """
    email = normalize_email(email)
    user = User.objects.filter(email=email).first()
    if user is None:
        created = _create_account(email=email, password=password, client_address=client_address)
        if created is not None:
            logger.info(
                "account created by password login",
                extra={"event": "account_created", "user_id": created.pk},
            )
            return SignIn(user=created, created=True)
        # Another request created the same account a moment ago.
        user = User.objects.get(email=email)

    # The password is checked first even for an inactive account, and Django
    # runs the hasher on a dummy value for an account without a usable one.
    password_matches = user.check_password(password)
    if not password_matches or not user.is_active:
        logger.warning(
            "failed login",
            extra={"event": "login_failed", "user_id": user.pk, "reason": _failure_reason(user)},
        )
        raise InvalidCredentials
    logger.info("login", extra={"event": "login", "user_id": user.pk})
    return SignIn(user=user, created=False)


def _failure_reason(user: User) -> str:
    if not user.is_active:
        return "inactive"
    if not user.has_usable_password():
        return "no_password"
    return "wrong_password"


def _create_account(*, email: str, password: str, client_address: str | None) -> User | None:
    reservation = _reserve_account_creation(client_address)

    # Hash before validating, so a password that fails validation costs as
    # much time as a wrong password for an existing account.
    encoded = make_password(password)
    try:
        validate_password(password, user=User(email=email))
        with transaction.atomic():
            return User.objects.create(email=email, password=encoded)
    except ValidationError:
        reservation.release()
        raise
    except IntegrityError:
        reservation.release()
        return None


def _reserve_account_creation(client_address: str | None) -> throttling.Reservation:
    if client_address is None:
        return throttling.Reservation()
    counter = throttling.accounts_per_address()
    reservation, wait = throttling.reserve([(counter, throttling.address_identity(client_address))])
    if wait is not None:
        logger.warning(
            "account creation throttled",
            extra={"event": "account_creation_throttled", "retry_after": wait},
        )
        raise AccountCreationThrottled(wait)
    return reservation


def change_password(*, user: User, new_password: str, current_password: str | None = None) -> None:
    """Set a new password and revoke every token issued before.

    `current_password` is checked only when the account already has one.
    Raises django's ValidationError keyed by field name.
    """
    errors: dict[str, list[ValidationError]] = {}
    if user.has_usable_password() and not user.check_password(current_password or ""):
        logger.warning("password change with wrong current password", extra={"user_id": user.pk})
        errors["current_password"] = [
            ValidationError("The current password is wrong.", code="invalid")
        ]
    try:
        validate_password(new_password, user=user)
    except ValidationError as error:
        errors["new_password"] = error.error_list
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        revoke_all_tokens(user)
    logger.info("password changed", extra={"user_id": user.pk})
