from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.helpers import error_codes

# Port 9 on loopback: nothing listens there, so every connection is refused.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
    }
}


@pytest.mark.django_db
def test_login_with_cache_down_is_503(api_client, settings):
    settings.CACHES = UNREACHABLE_REDIS
    # Every 5xx is reported like an unhandled error, which the test client re-raises.
    api_client.raise_request_exception = False
    body = {"email": "outage@example.com", "password": "correct-horse-battery-staple"}

    response = api_client.post(reverse("accounts:login"), body, format="json")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["type"] == "server_error"
    assert error_codes(response) == [(None, "service_unavailable")]
