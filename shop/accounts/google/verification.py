"""Verification of OpenID Connect ID tokens, shared by the API and the browser flow."""

import hmac
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from joserfc import jws, jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import RSAKey

from .issuer import accepted_issuers
from .provider import get_provider_metadata, get_signing_key

SIGNING_ALGORITHM = "RS256"
LEEWAY_SECONDS = 60
MAX_TOKEN_LENGTH = 8192
MAX_SUBJECT_LENGTH = 255  # ExternalIdentity.subject
MAX_NAME_LENGTH = 150  # User.first_name and User.last_name
MAX_EMAIL_LENGTH = 254  # User.email


class InvalidIdToken(Exception):
    """The token is malformed, wrongly signed, or has a claim that fails a rule.

    `reason` is a short constant for logs, such as "expired" or "invalid_aud".
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class IdTokenClaims:
    """The claims that sign-in uses; `issuer` is the configured spelling."""

    issuer: str
    subject: str
    email: str
    email_verified: bool
    given_name: str
    family_name: str


def verify_id_token(
    raw_token: str, *, issuer: str, audiences: Collection[str], nonce: str | None = None
) -> IdTokenClaims:
    """Verify an ID token's signature and claims, and return the claims sign-in uses.

    The signature must be RS256 by a key that the issuer publishes. `iss` must
    be the issuer and every `aud` one of `audiences`. `exp` and `iat` are
    checked with 60 seconds of leeway, and `sub` is required. When `nonce` is
    given, the token's must equal it. Raises InvalidIdToken, or
    ProviderUnavailable when the issuer's keys cannot be fetched.
    """
    if len(raw_token) > MAX_TOKEN_LENGTH:
        raise InvalidIdToken("too_long")
    metadata = get_provider_metadata(issuer)
    key_id = _read_key_id(raw_token)

    key = get_signing_key(metadata, key_id)
    if key is None:
        raise InvalidIdToken("unknown_key_id")
    claims = _decode(raw_token, key)

    _validate_registered_claims(claims, issuer=issuer)
    _validate_audience(claims, audiences=audiences)
    if nonce is not None:
        _validate_nonce(claims, nonce)
    return _extract_claims(claims, issuer=issuer)


def _read_key_id(raw_token: str) -> str:
    """Return the `kid` header after checking that the token claims RS256."""
    try:
        header = jws.extract_compact(raw_token.encode()).headers()
    except (JoseError, ValueError, TypeError) as error:
        raise InvalidIdToken("malformed") from error

    if header.get("alg") != SIGNING_ALGORITHM:
        raise InvalidIdToken("unsupported_algorithm")
    key_id = header.get("kid")
    if not isinstance(key_id, str) or not key_id:
        raise InvalidIdToken("missing_key_id")
    return key_id


def _decode(raw_token: str, key: RSAKey) -> dict:
    try:
        return jwt.decode(raw_token, key, algorithms=[SIGNING_ALGORITHM]).claims
    except BadSignatureError as error:
        raise InvalidIdToken("bad_signature") from error
    except (JoseError, ValueError, TypeError) as error:
        raise InvalidIdToken("malformed") from error


def _validate_registered_claims(claims: dict, *, issuer: str) -> None:
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "values": list(accepted_issuers(issuer))},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as error:
        raise InvalidIdToken("expired") from error
    except MissingClaimError as error:
        raise InvalidIdToken(f"missing_{error.claim}") from error
    except InvalidClaimError as error:
        raise InvalidIdToken(f"invalid_{error.claim}") from error

    # OpenID Connect Core 1.0, section 2: at most 255 ASCII characters.
    subject = claims["sub"]
    if len(subject) > MAX_SUBJECT_LENGTH or not (subject.isascii() and subject.isprintable()):
        raise InvalidIdToken("invalid_sub")


def _validate_audience(claims: dict, *, audiences: Collection[str]) -> None:
    """Require every audience to be ours, and `azp` to be ours when there are several.

    These are the rules of OpenID Connect Core 1.0, section 3.1.3.7, items 3 to 5.
    """
    audience = claims.get("aud")
    values = [audience] if isinstance(audience, str) else audience
    if not isinstance(values, list) or not values:
        raise InvalidIdToken("missing_aud")
    if not all(isinstance(value, str) and value in audiences for value in values):
        raise InvalidIdToken("invalid_aud")
    if len(values) > 1 and claims.get("azp") not in audiences:
        raise InvalidIdToken("invalid_azp")


def _validate_nonce(claims: dict, expected: str) -> None:
    nonce = claims.get("nonce")
    if not isinstance(nonce, str):
        raise InvalidIdToken("invalid_nonce")
    # surrogatepass: JSON may carry lone surrogates, which plain UTF-8 cannot encode.
    if not hmac.compare_digest(nonce.encode("utf-8", "surrogatepass"), expected.encode()):
        raise InvalidIdToken("invalid_nonce")


def _extract_claims(claims: dict, *, issuer: str) -> IdTokenClaims:
    return IdTokenClaims(
        issuer=issuer,
        subject=claims["sub"],
        email=_email(claims.get("email")),
        email_verified=claims.get("email_verified") is True,
        given_name=_short_text(claims.get("given_name")),
        family_name=_short_text(claims.get("family_name")),
    )


def _email(value: object) -> str:
    """Return the `email` claim, or "" when it is absent."""
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_EMAIL_LENGTH:
        raise InvalidIdToken("invalid_email")
    try:
        validate_email(value)
    except ValidationError as error:
        raise InvalidIdToken("invalid_email") from error
    return value


def _short_text(value: object) -> str:
    """Return a name claim that the database can store: valid UTF-8, no NUL, not too long."""
    if not isinstance(value, str):
        return ""
    text = value.encode("utf-8", "replace").decode().replace("\x00", "")
    return text.strip()[:MAX_NAME_LENGTH]
