"""Assertions on the API's error body, shared by the test modules."""


def error_codes(response) -> list[tuple[str | None, str]]:
    """Return (attr, code) of every error in a contract-shaped error body."""
    body = response.json()
    assert set(body) == {"type", "errors"}, body
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}, error
    return [(error["attr"], error["code"]) for error in body["errors"]]


def assert_unauthorized(response) -> None:
    assert response.status_code == 401, response.content
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["type"] == "client_error"
