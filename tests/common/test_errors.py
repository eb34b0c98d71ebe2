from http import HTTPStatus

import pytest
from django.urls import reverse

from shop.catalog import views as catalog_views
from tests.helpers import error_codes


def test_unhandled_exception_is_json_500_without_details(auth_client, monkeypatch):
    def explode(self):
        raise RuntimeError("SELECT secret_column FROM hidden_table")

    monkeypatch.setattr(catalog_views.ProductListView, "get_queryset", explode)
    # The test client re-raises server errors unless this flag is off.
    auth_client.raise_request_exception = False

    response = auth_client.get(reverse("catalog:product-list"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response.json()["type"] == "server_error"
    assert "secret_column" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("path", ["/api/nothing-here", "/api/orders/abc", "/nothing-here"])
def test_unknown_path_is_json_404(client, db, path):
    response = client.get(path)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert error_codes(response) == [(None, "not_found")]


def test_wrong_method_is_405_in_error_shape(auth_client):
    response = auth_client.delete(reverse("accounts:profile"))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert error_codes(response) == [(None, "method_not_allowed")]


def test_form_body_is_415_in_error_shape(api_client, db):
    response = api_client.post(reverse("accounts:login"), {"email": "a@example.com"})

    assert response.status_code == HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    assert error_codes(response) == [(None, "unsupported_media_type")]


@pytest.mark.parametrize("path", ["/api", "/nothing-here", "/static/missing.js"])
def test_unknown_path_is_json_404_with_debug_on(client, db, settings, path):
    settings.DEBUG = True

    response = client.get(path)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert error_codes(response) == [(None, "not_found")]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_unsafe_method_on_healthz_is_json_405(client, db, method):
    response = getattr(client, method)("/healthz")

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response.headers["Allow"] == "GET, HEAD"
    assert error_codes(response) == [(None, "method_not_allowed")]


def test_failed_csrf_check_is_json_403(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "a", "password": "b"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert error_codes(response) == [(None, "csrf_failed")]
