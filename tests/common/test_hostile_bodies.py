"""Bodies built to break the parser or the server get a 4xx in the error shape."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.helpers import error_codes


@pytest.mark.parametrize("name", ["accounts:login", "orders:order-list", "accounts:refresh"])
def test_deeply_nested_json_is_parse_error(auth_client, name):
    body = '{"items": ' + "[" * 5000 + "]" * 5000 + "}"

    response = auth_client.post(reverse(name), body, content_type="application/json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == [(None, "parse_error")]


def test_body_over_the_size_limit_is_413(auth_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"first_name": "' + "x" * 2048 + '"}'

    response = auth_client.patch(reverse("accounts:profile"), body, content_type="application/json")

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert error_codes(response) == [(None, "request_too_large")]


def test_lone_surrogate_in_login_email_is_400(api_client, db):
    body = '{"email": "\\ud800@example.com", "password": "correct-horse-battery-staple"}'

    response = api_client.post(reverse("accounts:login"), body, content_type="application/json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert {attr for attr, _ in error_codes(response)} == {"email"}
