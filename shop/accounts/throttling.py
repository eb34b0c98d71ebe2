"""Login throttles: failed logins per email and per client address, new accounts per address.

The counters live in Django's default cache. With REDIS_URL set that is one
Redis that every app server shares, and each change is one atomic INCRBY, so
failures sent to different servers add up.

A login reserves a slot in both failure counters before the password is
checked, and gives the slots back unless the response is 401. Counting first
means that parallel requests cannot slip past the limit while their checks
are still running.

With Redis down a login gets a 503 (see shop/common/errors.py) rather than
going unthrottled.
"""

import contextlib
import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from shop.common.request_context import get_client_address

from .models import User, normalize_email

logger = logging.getLogger(__name__)

# A window is split into this many buckets: a count is exact to 1/15 of the
# window, and reading it is one get_many of 16 keys.
BUCKETS_PER_WINDOW = 15


@dataclass(frozen=True)
class Hit:
    """One increment of one bucket, kept so that it can be taken back."""

    key: str


class SlidingWindowCounter:
    """Count events per identity over the last `window` seconds, in the cache.

    The window is cut into buckets of window/15 seconds. The count covers the
    current bucket and the 15 before it, so an event is counted for at least
    `window` seconds and at most one bucket longer.
    """

    def __init__(self, scope: str, *, limit: int, window: int):
        self.scope = scope
        self.limit = limit
        self.bucket_seconds = max(1, window // BUCKETS_PER_WINDOW)
        self.bucket_count = math.ceil(window / self.bucket_seconds)

    @property
    def enabled(self) -> bool:
        return self.limit > 0

    def hit(self, identity: str) -> tuple[Hit, int]:
        """Count one event now; return the hit and the count including it.

        The current bucket's part of the count is the value that this
        increment returned, so hits made a moment later by parallel requests
        do not push this one over the limit.
        """
        current = self._current_bucket()
        key = self._key(identity, current)
        # add() only sets the expiry on a new bucket; incr() on Redis is one
        # atomic INCRBY. If the bucket expired between the two, add it again.
        timeout = (self.bucket_count + 2) * self.bucket_seconds
        position = 0
        for _ in range(2):
            cache.add(key, 0, timeout=timeout)
            try:
                position = cache.incr(key)
                break
            except ValueError:
                continue

        older = self._bucket_counts(identity, current)
        older.pop(current, None)
        return Hit(key), sum(older.values()) + position

    def undo(self, hit: Hit) -> None:
        # A ValueError means the bucket has expired, and the hit with it.
        with contextlib.suppress(ValueError):
            cache.decr(hit.key)

    def count(self, identity: str) -> int:
        return sum(self._bucket_counts(identity).values())

    def retry_after(self, identity: str) -> int:
        """Return the seconds until the count drops below the limit again (at least 1)."""
        counts = self._bucket_counts(identity)
        remaining = sum(counts.values())
        now = time.time()
        wait = 0.0
        for bucket in sorted(counts):
            if remaining < self.limit:
                break
            remaining -= counts[bucket]
            # A bucket leaves the count once it is more than bucket_count buckets old.
            wait = (bucket + self.bucket_count + 1) * self.bucket_seconds - now
        return max(1, math.ceil(wait))

    def _bucket_counts(self, identity: str, current: int | None = None) -> dict[int, int]:
        if current is None:
            current = self._current_bucket()
        buckets = range(current - self.bucket_count, current + 1)
        keys = {self._key(identity, bucket): bucket for bucket in buckets}
        found = cache.get_many(list(keys))
        return {keys[key]: int(value) for key, value in found.items() if int(value) > 0}

    def _current_bucket(self) -> int:
        return int(time.time() // self.bucket_seconds)

    def _key(self, identity: str, bucket: int) -> str:
        # Hashed, so keys stay short and no email address is stored in the cache.
        # surrogatepass: the email is not validated yet and may hold a lone surrogate.
        digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return f"throttle:{self.scope}:{digest}:{bucket}"


def failures_per_email() -> SlidingWindowCounter:
    return SlidingWindowCounter(
        "login-failures-email",
        limit=settings.LOGIN_FAILURES_PER_EMAIL,
        window=settings.LOGIN_FAILURE_WINDOW,
    )


def failures_per_address() -> SlidingWindowCounter:
    return SlidingWindowCounter(
        "login-failures-address",
        limit=settings.LOGIN_FAILURES_PER_ADDRESS,
        window=settings.LOGIN_FAILURE_WINDOW,
    )


def accounts_per_address() -> SlidingWindowCounter:
    return SlidingWindowCounter(
        "login-accounts-address",
        limit=settings.LOGIN_ACCOUNTS_PER_ADDRESS,
        window=settings.LOGIN_ACCOUNT_WINDOW,
    )


def address_identity(address: str) -> str:
    """Return the throttling key for a client address.

    An IPv6 client usually controls a whole /64, so IPv6 addresses count per
    /64 network; IPv4 addresses count one by one.
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@dataclass
class Reservation:
    """Slots taken in some counters; `release()` gives back every one of them."""

    hits: list[tuple[SlidingWindowCounter, Hit]] = field(default_factory=list)

    def release(self) -> None:
        for counter, hit in self.hits:
            counter.undo(hit)
        self.hits.clear()


def reserve(counters: list[tuple[SlidingWindowCounter, str]]) -> tuple[Reservation, int | None]:
    """Count one event in each (counter, identity); undo all if any goes over its limit.

    Returns the reservation and None, or an empty reservation and the seconds
    to wait until every counter that went over has room again.
    """
    reservation = Reservation()
    over_limit = []
    for counter, identity in counters:
        if not counter.enabled:
            continue
        hit, count = counter.hit(identity)
        reservation.hits.append((counter, hit))
        if count > counter.limit:
            over_limit.append((counter, identity))

    if not over_limit:
        return reservation, None
    reservation.release()
    return reservation, max(counter.retry_after(identity) for counter, identity in over_limit)


class LoginThrottle(BaseThrottle):
    """Reject a login while its email or client address has too many recent failures.

    On success it leaves the reservation in `view.login_reservation`; the view
    releases it unless the login failed.
    """

    def __init__(self):
        self.wait_seconds: int | None = None

    def allow_request(self, request: Request, view) -> bool:
        address = get_client_address(request)
        counters = [(failures_per_address(), address_identity(address))]
        email = _email_from(request)
        if email is not None:
            counters.insert(0, (failures_per_email(), email))

        reservation, wait = reserve(counters)
        if wait is None:
            view.login_reservation = reservation
            return True

        self.wait_seconds = wait
        user_id = User.objects.filter(email=email).values_list("pk", flat=True).first()
        logger.warning(
            "login throttled",
            extra={"event": "login_throttled", "user_id": user_id, "retry_after": wait},
        )
        return False

    def wait(self) -> int | None:
        return self.wait_seconds


def _email_from(request: Request) -> str | None:
    # The body is validated later by the view; only a string can be an email.
    data = request.data
    email = data.get("email") if isinstance(data, dict) else None
    if not isinstance(email, str) or not email.strip():
        return None
    return normalize_email(email)
