from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.helpers import error_codes

PROFILE_URL = reverse("accounts:profile")
EDITABLE = {"first_name", "last_name", "phone_number", "address"}


def test_profile_shows_contract_fields(auth_client, user):
    response = auth_client.get(PROFILE_URL)

    assert response.status_code == HTTPStatus.OK
    assert set(response.json()) == {
        "id", "email", "first_name", "last_name", "phone_number", "address",
        "date_joined", "has_password", "google_linked",
    }  # fmt: skip
    assert response.json()["email"] == user.email
    assert response.json()["google_linked"] is False


@pytest.mark.parametrize("method", ["patch", "post"])
def test_partial_update_changes_only_sent_fields(auth_client, user, method):
    response = getattr(auth_client, method)(PROFILE_URL, {"last_name": "Park"}, format="json")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["last_name"] == "Park"
    assert response.json()["first_name"] == "Ann"
    user.refresh_from_db()
    assert user.last_name == "Park"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("+1 415 555 0123", "+14155550123"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+49 (30) 901820", "+4930901820"),
    ],
)
def test_phone_number_is_stored_in_e164(auth_client, user, raw, stored):
    response = auth_client.patch(PROFILE_URL, {"phone_number": raw}, format="json")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["phone_number"] == stored
    user.refresh_from_db()
    assert str(user.phone_number) == stored


@pytest.mark.parametrize("raw", ["12", "not a phone", "+1 555", "+999 123456789"])
def test_invalid_phone_number_is_400(auth_client, user, raw):
    response = auth_client.patch(PROFILE_URL, {"phone_number": raw}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == [("phone_number", "invalid")]
    user.refresh_from_db()
    assert user.phone_number == ""


def test_empty_phone_number_clears_it(auth_client, user):
    auth_client.patch(PROFILE_URL, {"phone_number": "+14155550123"}, format="json")

    response = auth_client.patch(PROFILE_URL, {"phone_number": ""}, format="json")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["phone_number"] == ""


def test_read_only_fields_are_ignored(auth_client, user):
    original = auth_client.get(PROFILE_URL).json()

    response = auth_client.patch(
        PROFILE_URL,
        {
            "id": 999,
            "email": "attacker@example.com",
            "date_joined": "2000-01-01T00:00:00Z",
            "has_password": False,
            "google_linked": True,
            "is_staff": True,
            "is_superuser": True,
            "password": "new-password-123456",
            "first_name": "Eve",
        },
        format="json",
    )

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["first_name"] == "Eve"
    for field in ["id", "email", "date_joined", "has_password", "google_linked"]:
        assert body[field] == original[field]
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.is_superuser
    assert user.email == original["email"]
    assert not user.check_password("new-password-123456")


def test_put_requires_every_editable_field(auth_client):
    response = auth_client.put(PROFILE_URL, {"first_name": "Ann"}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(error_codes(response)) == {
        ("last_name", "required"),
        ("phone_number", "required"),
        ("address", "required"),
    }


def test_put_replaces_editable_fields(auth_client, user):
    body = {"first_name": "", "last_name": "Lee", "phone_number": "", "address": "1 Main St"}

    response = auth_client.put(PROFILE_URL, body, format="json")

    assert response.status_code == HTTPStatus.OK
    assert {key: response.json()[key] for key in EDITABLE} == body


@pytest.mark.parametrize(("field", "length"), [("first_name", 151), ("address", 1001)])
def test_too_long_field_is_400(auth_client, field, length):
    response = auth_client.patch(PROFILE_URL, {field: "x" * length}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == [(field, "max_length")]


def test_profile_rejects_non_object_body(auth_client):
    response = auth_client.patch(PROFILE_URL, [1, 2], format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert error_codes(response) == [(None, "invalid")]
