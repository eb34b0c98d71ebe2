from http import HTTPStatus

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from shop.accounts.tokens import issue_token_pair, revoke_all_tokens
from tests.helpers import error_codes


def get_profile(authorization: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=authorization)
    return client.get(reverse("accounts:profile"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        ("Bearer garbage", "token_not_valid"),
        ("Bearer a.b.c", "token_not_valid"),
        ("Bearer", "bad_authorization_header"),
    ],
)
def test_rejected_token_gives_one_error(authorization, code):
    response = get_profile(authorization)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["type"] == "client_error"
    assert error_codes(response) == [(None, code)]


def test_revoked_token_gives_one_error(user):
    access = issue_token_pair(user).access
    revoke_all_tokens(user)

    response = get_profile(f"Bearer {access}")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert error_codes(response) == [(None, "token_not_valid")]
