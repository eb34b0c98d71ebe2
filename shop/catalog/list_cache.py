"""Cached counts for the product list, kept in each server process's memory.

A count lives for PRODUCT_COUNT_CACHE_SECONDS. The process that saves or
deletes a product through the ORM, or whose order sells a product out, drops
all of its cached counts at once. Other processes see such a change within
that many seconds, and so does everyone for a `QuerySet.update` or raw SQL.
In-process memory, not the shared cache, because a shared-cache lookup costs
a network round trip on every page, about as much as the page's own query.
"""

import hashlib

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Product

# Each distinct search text is its own filter set, so bound the entries.
_counts = LocMemCache("catalog-counts", {"OPTIONS": {"MAX_ENTRIES": 1000}})


def cached_count(queryset: QuerySet, filters: tuple) -> int:
    """Return the row count of `queryset`, whose filters are described by `filters`."""
    key = hashlib.sha256(repr(filters).encode()).hexdigest()[:32]
    count = _counts.get(key)
    if count is not None:
        return count

    count = queryset.order_by().count()
    _counts.set(key, count, settings.PRODUCT_COUNT_CACHE_SECONDS)
    return count


def forget_counts() -> None:
    """Drop this process's cached counts now and again once the current transaction commits.

    The second drop removes a count that a concurrent request of this process
    computed, and cached, before the transaction committed.
    """
    clear_counts()
    transaction.on_commit(clear_counts)


def clear_counts() -> None:
    """Drop this process's cached counts; for tests, which roll back without signals."""
    _counts.clear()


@receiver(post_save, sender=Product, dispatch_uid="catalog_counts_on_save")
@receiver(post_delete, sender=Product, dispatch_uid="catalog_counts_on_delete")
def _product_changed(sender, **kwargs) -> None:
    forget_counts()
