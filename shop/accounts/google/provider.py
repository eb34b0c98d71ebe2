"""Discovery document and signing keys of the OpenID Connect provider, cached per process.

Each process keeps its own copy. The key set is fetched again when it is an
hour old, or sooner when a token names a key id that the cached set lacks,
which is how a provider's key rotation reaches us.
"""

import json
import logging
import threading
import time
from dataclasses import dataclass, field

import requests
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

logger = logging.getLogger(__name__)

HTTP_TIMEOUT = (3.05, 5)  # (connect, read) seconds
MAX_DOCUMENT_BYTES = 256 * 1024
METADATA_MAX_AGE = 3600.0  # seconds
KEY_SET_MAX_AGE = 3600.0  # seconds
# Tokens with made-up key ids must not turn into a stream of requests to the
# provider, so an unknown key id triggers at most one refetch per interval.
FORCED_REFRESH_INTERVAL = 30.0  # seconds

_lock = threading.Lock()
_metadata_cache: dict[str, "_CachedMetadata"] = {}
_key_set_cache: dict[str, "_CachedKeySet"] = {}


class ProviderUnavailable(Exception):
    """The discovery document or the key set could not be fetched or is invalid."""


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True)
class _CachedMetadata:
    metadata: ProviderMetadata
    fetched_at: float


@dataclass
class _CachedKeySet:
    keys: dict[str, RSAKey]
    fetched_at: float
    forced_at: float | None = field(default=None)


def get_provider_metadata(issuer: str) -> ProviderMetadata:
    """Return the endpoints from `<issuer>/.well-known/openid-configuration`.

    Raises ProviderUnavailable when the document cannot be fetched, lacks an
    endpoint, or names another issuer.
    """
    with _lock:
        cached = _metadata_cache.get(issuer)
        if cached is not None and time.monotonic() - cached.fetched_at < METADATA_MAX_AGE:
            return cached.metadata

        metadata = _fetch_metadata(issuer)
        _metadata_cache[issuer] = _CachedMetadata(metadata, time.monotonic())
        return metadata


def get_signing_key(metadata: ProviderMetadata, key_id: str) -> RSAKey | None:
    """Return the provider's RS256 key with this id, or None if it publishes none.

    Raises ProviderUnavailable when the key set cannot be fetched.
    """
    with _lock:
        now = time.monotonic()
        cached = _key_set_cache.get(metadata.jwks_uri)
        fetched_now = cached is None or now - cached.fetched_at >= KEY_SET_MAX_AGE
        if fetched_now:
            cached = _store_key_set(metadata.jwks_uri, now)

        key = cached.keys.get(key_id)
        if key is not None or fetched_now:
            return key

        if cached.forced_at is not None and now - cached.forced_at < FORCED_REFRESH_INTERVAL:
            return None
        logger.info("unknown key id: fetching the provider's key set again")
        cached = _store_key_set(metadata.jwks_uri, now)
        cached.forced_at = now
        return cached.keys.get(key_id)


def clear_provider_cache() -> None:
    """Forget every cached discovery document and key set."""
    with _lock:
        _metadata_cache.clear()
        _key_set_cache.clear()


def _fetch_metadata(issuer: str) -> ProviderMetadata:
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    document = _fetch_json(url)

    if document.get("issuer") != issuer:
        logger.error("discovery document names another issuer", extra={"url": url})
        raise ProviderUnavailable("The discovery document names another issuer.")
    endpoints = {}
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = document.get(name)
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            logger.error("discovery document lacks an endpoint", extra={"endpoint": name})
            raise ProviderUnavailable(f"The discovery document has no valid {name}.")
        endpoints[name] = value
    return ProviderMetadata(issuer=issuer, **endpoints)


def _store_key_set(jwks_uri: str, now: float) -> _CachedKeySet:
    cached = _CachedKeySet(keys=_parse_key_set(_fetch_json(jwks_uri)), fetched_at=now)
    _key_set_cache[jwks_uri] = cached
    return cached


def _parse_key_set(document: dict) -> dict[str, RSAKey]:
    """Keep the RSA signing keys that have a key id; skip every other key."""
    keys = {}
    entries = document.get("keys")
    if not isinstance(entries, list):
        raise ProviderUnavailable("The key set has no list of keys.")

    for entry in entries:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA":
            continue
        if entry.get("use", "sig") != "sig" or entry.get("alg", "RS256") != "RS256":
            continue
        key_id = entry.get("kid")
        if not isinstance(key_id, str) or not key_id:
            continue
        try:
            keys[key_id] = RSAKey.import_key(entry)
        except (JoseError, ValueError, TypeError):
            logger.warning("invalid key in the provider's key set", extra={"kid": key_id})
    return keys


def _fetch_json(url: str) -> dict:
    try:
        body = _download(url)
    except requests.RequestException as error:
        logger.error("fetching from the identity provider failed", extra={"url": url})
        raise ProviderUnavailable(f"Fetching {url} failed.") from error

    try:
        document = json.loads(body)
    except ValueError as error:
        raise ProviderUnavailable(f"{url} did not return JSON.") from error
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"{url} did not return a JSON object.")
    return document


def _download(url: str) -> bytes:
    body = b""
    with requests.get(url, timeout=HTTP_TIMEOUT, stream=True) as response:
        response.raise_for_status()
        for chunk in response.iter_content(chunk_size=64 * 1024):
            body += chunk
            if len(body) > MAX_DOCUMENT_BYTES:
                raise ProviderUnavailable(f"{url} sent more than {MAX_DOCUMENT_BYTES} bytes.")
    return body
