from http import HTTPStatus

from django.urls import reverse


def test_healthz_reports_ok(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}
