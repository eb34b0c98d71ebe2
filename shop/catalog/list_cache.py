"""Cached counts for the product list, dropped whenever the available set may change.

Every cached count carries the catalogue version it was computed under. The
version changes when a product is saved or deleted through the ORM and when
an order sells a product out, and a count of another version is ignored, so
those changes show in `count` at once. A change that bypasses both (a
`QuerySet.update` or raw SQL) shows within PRODUCT_COUNT_CACHE_SECONDS; with
the per-process local-memory cache, so does a change made in another process.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Product

VERSION_KEY = "catalog:version"
COUNT_KEY = "catalog:count:{}"


def cached_count(queryset: QuerySet, filters: tuple) -> int:
    """Return the row count of `queryset`, whose filters are described by `filters`."""
    digest = hashlib.sha256(repr(filters).encode()).hexdigest()[:32]
    count_key = COUNT_KEY.format(digest)
    cached = cache.get_many([VERSION_KEY, count_key])
    version = cached.get(VERSION_KEY)
    entry = cached.get(count_key)
    if entry is not None and entry[0] == version:
        return entry[1]

    count = queryset.order_by().count()
    cache.set(count_key, (version, count), settings.PRODUCT_COUNT_CACHE_SECONDS)
    return count


def change_catalogue_version() -> None:
    """Make every cached count stale, now and again once the current transaction commits.

    The second change drops a count that a concurrent request computed, and
    cached, before this transaction committed.
    """
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None))


@receiver(post_save, sender=Product, dispatch_uid="catalog_version_on_save")
@receiver(post_delete, sender=Product, dispatch_uid="catalog_version_on_delete")
def _product_changed(sender, **kwargs) -> None:
    change_catalogue_version()
