"""A short-lived cache of what authentication reads per request: is_active and token_version.

The cached pair lives for AUTH_USER_STATE_CACHE_SECONDS. It is deleted
whenever a user is saved or deleted and whenever `revoke_all_tokens` runs, so
deactivation and password changes through the ORM take effect at once. A
change that bypasses the ORM's save (a `QuerySet.update` or raw SQL) is seen
within that many seconds. With only a per-process cache the settings turn
this cache off, because other processes would miss the change.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import User

USER_STATE_KEY = "accounts:user-state:{}"


class UserState(NamedTuple):
    is_active: bool
    token_version: int


def load_user_state(user_id: int) -> UserState | None:
    """Return the user's state from the cache or the database; None if there is no such user."""
    key = USER_STATE_KEY.format(user_id)
    cached = cache.get(key)
    if cached is not None:
        return UserState(*cached)

    row = User.objects.filter(pk=user_id).values_list("is_active", "token_version").first()
    if row is None:
        return None
    if settings.AUTH_USER_STATE_CACHE_SECONDS > 0:
        cache.set(key, tuple(row), settings.AUTH_USER_STATE_CACHE_SECONDS)
    return UserState(*row)


def forget_user_state(user_id: int) -> None:
    """Delete the cached state now and again once the current transaction commits.

    The second delete drops a state that a concurrent request read from the
    database, and cached, before this transaction committed.
    """
    key = USER_STATE_KEY.format(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


@receiver(post_save, sender=User, dispatch_uid="accounts_forget_state_on_save")
@receiver(post_delete, sender=User, dispatch_uid="accounts_forget_state_on_delete")
def _forget_changed_user(sender, instance: User, **kwargs) -> None:
    forget_user_state(instance.pk)
