from http import HTTPStatus

import pytest
from django.test import Client

from tests.helpers import error_codes


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_method_on_unknown_api_path_is_json_404(method):
    # CSRF checks are on, as for a real client that sends no CSRF token.
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)("/api/nothing-here", {}, content_type="application/json")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert error_codes(response) == [(None, "not_found")]
