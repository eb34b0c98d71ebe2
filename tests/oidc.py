"""The `oidc_provider` fixture: the stand-in OpenID Connect provider on 127.0.0.1.

One server runs for the whole session; each test gets it reset to its first
key and identity, with the Django settings pointed at it.
"""

import pytest

from devtools.oidc_provider import StandInProvider
from shop.accounts.google.provider import clear_provider_cache

CLIENT_ID = "shop-test-web.apps.example.com"
CLIENT_SECRET = "shop-test-web-secret"


@pytest.fixture(scope="session")
def _oidc_server():
    # Any http(s) callback is accepted, because live-server tests run on a
    # port that is only known at run time.
    provider = StandInProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET).start()
    yield provider
    provider.stop()


@pytest.fixture
def oidc_provider(_oidc_server, settings):
    """The stand-in provider, reset, with the Google settings pointing at it."""
    _oidc_server.reset()
    clear_provider_cache()
    settings.GOOGLE_OIDC_ISSUER = _oidc_server.issuer
    settings.GOOGLE_CLIENT_ID = CLIENT_ID
    settings.GOOGLE_CLIENT_SECRET = CLIENT_SECRET
    settings.GOOGLE_EXTRA_CLIENT_IDS = []
    yield _oidc_server
    clear_provider_cache()
