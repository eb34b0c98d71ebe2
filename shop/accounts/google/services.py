"""Account rules for Google identities: sign in, link by verified email, or create."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import ExternalIdentity, User, normalize_email
from ..services import SignIn
from ..tokens import revoke_all_tokens
from .verification import IdTokenClaims

logger = logging.getLogger(__name__)


class EmailNotVerified(Exception):
    """The provider did not confirm that the identity owns its email address."""


class AccountInactive(Exception):
    """The identity belongs to a deactivated account."""


def sign_in_with_google(*, claims: IdTokenClaims) -> SignIn:
    """Sign in the account of a verified ID token, linking or creating it first.

    The identity is (issuer, subject): a known one signs in to its account
    whatever its email is now. A new one is linked to the account with the
    same email, or gets a new account without a password. Raises
    EmailNotVerified or AccountInactive.
    """
    if not claims.email_verified or not claims.email:
        logger.warning("google sign-in rejected", extra={"reason": "email_not_verified"})
        raise EmailNotVerified

    try:
        with transaction.atomic():
            return _sign_in(claims)
    except IntegrityError:
        # A concurrent request created this identity or an account with this
        # email after our lookup; a second pass finds the row it committed.
        logger.info("google sign-in raced another request; retrying")
    with transaction.atomic():
        return _sign_in(claims)


def _sign_in(claims: IdTokenClaims) -> SignIn:
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    if identity is not None:
        return _sign_in_known_identity(identity, claims)

    email = normalize_email(claims.email)
    user = User.objects.select_for_update().filter(email=email).first()
    if user is not None:
        return _link_identity(user, claims)
    return _create_account(email, claims)


def _sign_in_known_identity(identity: ExternalIdentity, claims: IdTokenClaims) -> SignIn:
    user = identity.user
    _check_active(user)

    identity.email = normalize_email(claims.email)
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["email", "last_login_at"])
    logger.info("google sign-in", extra={"user_id": user.pk})
    return SignIn(user=user, created=False)


def _link_identity(user: User, claims: IdTokenClaims) -> SignIn:
    """Link a new identity to the account with its email.

    The person who chose the password of an unverified account never proved
    that they own the address. So that password and every token issued for it
    are revoked, which defeats pre-account hijacking.
    """
    _check_active(user)
    _create_identity(user, claims)

    was_verified = user.email_verified
    if not was_verified:
        user.set_unusable_password()
    user.email_verified = True
    user.save(update_fields=["password", "email_verified"])
    if not was_verified:
        revoke_all_tokens(user)
        logger.warning(
            "unverified password discarded on google link",
            extra={"event": "unverified_password_discarded", "user_id": user.pk},
        )

    logger.info(
        "google identity linked by verified email",
        extra={"event": "account_linked", "user_id": user.pk},
    )
    return SignIn(user=user, created=False)


def _create_account(email: str, claims: IdTokenClaims) -> SignIn:
    user = User.objects.create_user(
        email=email,
        password=None,
        email_verified=True,
        first_name=claims.given_name,
        last_name=claims.family_name,
    )
    _create_identity(user, claims)
    logger.info("account created by google sign-in", extra={"user_id": user.pk})
    return SignIn(user=user, created=True)


def _create_identity(user: User, claims: IdTokenClaims) -> ExternalIdentity:
    now = timezone.now()
    return ExternalIdentity.objects.create(
        user=user,
        issuer=claims.issuer,
        subject=claims.subject,
        email=normalize_email(claims.email),
        created_at=now,
        last_login_at=now,
    )


def _check_active(user: User) -> None:
    if not user.is_active:
        logger.warning(
            "google sign-in rejected", extra={"reason": "account_inactive", "user_id": user.pk}
        )
        raise AccountInactive
