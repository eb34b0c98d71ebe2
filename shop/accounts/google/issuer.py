"""Issuer rules that need no Django: the accepted spellings and the production check.

The production settings module imports this before Django is set up, so it
must not import models or read `django.conf.settings`.
"""

import ipaddress
from urllib.parse import urlsplit

GOOGLE_ISSUER = "https://accounts.google.com"

# Google signs ID tokens with either spelling of its issuer:
# https://developers.google.com/identity/gsi/web/guides/verify-google-id-token
GOOGLE_ISSUER_SPELLINGS = (GOOGLE_ISSUER, "accounts.google.com")


def accepted_issuers(configured_issuer: str) -> tuple[str, ...]:
    """Return the `iss` values that count as the configured issuer."""
    if configured_issuer in GOOGLE_ISSUER_SPELLINGS:
        return GOOGLE_ISSUER_SPELLINGS
    return (configured_issuer,)


def is_local_host(host: str) -> bool:
    """Return True for a name or address that reaches this machine."""
    host = host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def check_production_issuer(issuer: str, *, debug: bool) -> None:
    """Raise ValueError for an issuer that only a stand-in provider would have.

    The operator of a plain-http or loopback issuer can sign users in as
    anyone, so production accepts such an issuer only with DEBUG on.
    """
    if debug:
        return

    parts = urlsplit(issuer)
    if parts.scheme != "https":
        raise ValueError(f"GOOGLE_OIDC_ISSUER must be an https URL in production, got {issuer!r}.")
    if not parts.hostname or is_local_host(parts.hostname):
        raise ValueError(
            f"GOOGLE_OIDC_ISSUER must not point at this machine in production, got {issuer!r}."
        )
