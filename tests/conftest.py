"""Fixtures shared by every test: API clients, users and products."""

import os

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from shop.accounts.tokens import issue_token_pair
from shop.catalog.list_cache import clear_counts

from .factories import DEFAULT_PASSWORD, ProductFactory, UserFactory

pytest_plugins = ["tests.oidc"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip a test whose tool is missing on a laptop; fail it in CI, where it must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true, so this cannot be skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with empty login throttle counters.

    The whole cache is cleared: with REDIS_URL set, that is the whole Redis
    database, so give the test run a database of its own.
    """
    cache.clear()
    # Product counts are cached in process memory, not in the cache above.
    clear_counts()


def _suite_runs_on_postgres() -> bool:
    url = os.environ.get("DATABASE_URL", "")
    return url.startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items) -> None:
    """Leave out PostgreSQL-only tests when the suite runs on SQLite.

    On a laptop they are skipped with a reason. In CI they are deselected,
    because CI runs the whole suite a second time on PostgreSQL, where they run
    and must pass.
    """
    if _suite_runs_on_postgres():
        return
    needs_postgres = [item for item in items if item.get_closest_marker("postgres")]
    if IN_CI:
        items[:] = [item for item in items if item not in needs_postgres]
        config.hook.pytest_deselected(items=needs_postgres)
        return
    reason = "needs DATABASE_URL pointing at PostgreSQL"
    for item in needs_postgres:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def password() -> str:
    return DEFAULT_PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def auth_client(user) -> APIClient:
    """An API client that sends a valid access token for `user`."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_token_pair(user).access}")
    return client


@pytest.fixture
def product(db):
    return ProductFactory()


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture
def product_factory(db):
    return ProductFactory
