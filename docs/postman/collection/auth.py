"""Auth folder: sign-in with email and password, token refresh and sign-out."""

from .common import (
    BEARER_CHALLENGE,
    EXPECT_TOKEN_PAIR,
    GARBAGE_TOKEN,
    KEEP_TOKENS,
    NOT_AUTHENTICATED,
    REFRESH_REJECTED,
    REQUIRED,
    token_pair,
)
from .postman_format import (
    NO_AUTH,
    error_body,
    example,
    expect_errors,
    expect_status,
    folder,
    js,
    request,
)

LOGIN_PATH = "/api/auth/login"
REFRESH_PATH = "/api/auth/refresh"
LOGOUT_PATH = "/api/auth/logout"
CREDENTIALS = {"email": "{{email}}", "password": "{{password}}"}


def sign_up() -> dict:
    return request(
        "Sign up with email and password",
        "POST",
        LOGIN_PATH,
        description=(
            "Signing in with an email that has no account creates the account: **201** "
            "with `created: true` and a token pair. The password must pass the server's "
            "password validators, or the response is 400 on `password`.\n\n"
            "The pre-request script makes a new email address on every run and keeps "
            "it in the collection variable `email`; the tokens go to `access_token` "
            "and `refresh_token`."
        ),
        auth=NO_AUTH,
        prerequest=js(
            "// A new address on every run, so this request always creates an account.",
            'const suffix = Date.now() + "-" + Math.floor(Math.random() * 1000000);',
            'const email = "shop-client-" + suffix + "@example.com";',
            'pm.collectionVariables.set("email", email);',
            'pm.collectionVariables.set("email_mixed_case", email.toUpperCase());',
        ),
        body=CREDENTIALS,
        tests=[
            expect_status(201),
            'pm.test("The account is new", function () {',
            "    pm.expect(pm.response.json().created).to.be.true;",
            "});",
            EXPECT_TOKEN_PAIR,
            KEEP_TOKENS,
            'pm.collectionVariables.set("user_id", String(pair.user.id));',
        ],
        examples=[
            example("Account created", 201, token_pair(created=True)),
            example(
                "Password too weak",
                400,
                error_body(
                    "validation_error",
                    (
                        "password",
                        "password_too_short",
                        "This password is too short. It must contain at least 8 characters.",
                    ),
                    ("password", "password_too_common", "This password is too common."),
                ),
            ),
        ],
    )


def sign_in() -> dict:
    return request(
        "Sign in with email and password",
        "POST",
        LOGIN_PATH,
        description=(
            "An existing account and the right password: **200** with `created: false`. "
            "The email is matched case-insensitively after trimming spaces, so this "
            "request sends the address in upper case with spaces around it."
        ),
        auth=NO_AUTH,
        body={"email": "  {{email_mixed_case}}  ", "password": "{{password}}"},
        tests=[
            expect_status(200),
            'pm.test("The same account signs in", function () {',
            "    const body = pm.response.json();",
            "    pm.expect(body.created).to.be.false;",
            '    pm.expect(String(body.user.id)).to.eql(pm.collectionVariables.get("user_id"));',
            "});",
            EXPECT_TOKEN_PAIR,
            KEEP_TOKENS,
        ],
        examples=[
            example("Signed in", 200, token_pair()),
            example(
                "Wrong password",
                401,
                error_body(
                    "client_error", (None, "authentication_failed", "Invalid email or password.")
                ),
                BEARER_CHALLENGE,
            ),
            example(
                "Too many failed sign-ins",
                429,
                error_body(
                    "client_error",
                    (
                        None,
                        "throttled",
                        "Request was throttled. Expected available in 900 seconds.",
                    ),
                ),
                {"Retry-After": "900"},
            ),
        ],
    )


def sign_in_with_wrong_password() -> dict:
    return request(
        "Sign in with a wrong password",
        "POST",
        LOGIN_PATH,
        description=(
            "A wrong password, an inactive account or an account without a password "
            "(created through Google) gets **401**. Repeated failures are throttled "
            "with 429 and `Retry-After`."
        ),
        auth=NO_AUTH,
        body={"email": "{{email}}", "password": "not-the-password"},
        tests=[
            expect_status(401),
            expect_errors("client_error", (None, "authentication_failed")),
        ],
        examples=[
            example(
                "Wrong password",
                401,
                error_body(
                    "client_error", (None, "authentication_failed", "Invalid email or password.")
                ),
                BEARER_CHALLENGE,
            ),
        ],
    )


def sign_in_with_invalid_fields() -> dict:
    return request(
        "Sign in with an invalid email and no password",
        "POST",
        LOGIN_PATH,
        description="Every field error comes back at once: **400** naming `email` and `password`.",
        auth=NO_AUTH,
        body={"email": "not-an-email"},
        tests=[
            expect_status(400),
            expect_errors("validation_error", ("email", "invalid"), ("password", "required")),
        ],
        examples=[
            example(
                "Invalid fields",
                400,
                error_body(
                    "validation_error",
                    ("email", "invalid", "Enter a valid email address."),
                    ("password", "required", REQUIRED),
                ),
            ),
        ],
    )


def sign_in_with_invalid_json() -> dict:
    return request(
        "Sign in with a body that is not JSON",
        "POST",
        LOGIN_PATH,
        description="A body that does not parse as JSON: **400** with type `client_error`.",
        auth=NO_AUTH,
        body='{"email": ',
        tests=[
            expect_status(400),
            expect_errors("client_error", (None, "parse_error")),
        ],
        examples=[
            example(
                "Not JSON",
                400,
                error_body(
                    "client_error",
                    (
                        None,
                        "parse_error",
                        "JSON parse error - Expecting value: line 1 column 11 (char 10)",
                    ),
                ),
            ),
        ],
    )


def refresh_pair() -> dict:
    return request(
        "Refresh the token pair",
        "POST",
        REFRESH_PATH,
        description=(
            "Trades the refresh token for a new pair. The old refresh token is "
            "rotated out: using it again gets 401."
        ),
        auth=NO_AUTH,
        body={"refresh": "{{refresh_token}}"},
        tests=[
            expect_status(200),
            EXPECT_TOKEN_PAIR,
            'const usedRefreshToken = pm.collectionVariables.get("refresh_token");',
            'pm.test("The refresh token is new", function () {',
            "    pm.expect(pm.response.json().refresh).to.not.eql(usedRefreshToken);",
            "});",
            'pm.collectionVariables.set("used_refresh_token", usedRefreshToken);',
            KEEP_TOKENS,
        ],
        examples=[
            example("New pair", 200, token_pair()),
            example("Used, expired or revoked", 401, REFRESH_REJECTED, BEARER_CHALLENGE),
        ],
    )


def refresh_with_used_token() -> dict:
    return request(
        "Refresh with a used refresh token",
        "POST",
        REFRESH_PATH,
        description="A refresh token that was already traded in: **401**.",
        auth=NO_AUTH,
        body={"refresh": "{{used_refresh_token}}"},
        tests=[
            expect_status(401),
            expect_errors("client_error", (None, "token_not_valid")),
        ],
        examples=[example("Already used", 401, REFRESH_REJECTED, BEARER_CHALLENGE)],
    )


def sign_out() -> dict:
    return request(
        "Sign out",
        "POST",
        LOGOUT_PATH,
        description=(
            "Revokes the refresh token: **204** with no body. Later refreshes with "
            "it get 401. Needs a valid access token; the access token itself stays "
            "valid until it expires."
        ),
        body={"refresh": "{{refresh_token}}"},
        tests=[
            expect_status(204),
            'pm.test("Body is empty", function () {',
            '    pm.expect(pm.response.text()).to.eql("");',
            "});",
            "pm.collectionVariables.set(",
            '    "revoked_refresh_token", pm.collectionVariables.get("refresh_token"));',
        ],
        examples=[
            example("Signed out", 204),
            example(
                "Not a refresh token of this user",
                400,
                error_body(
                    "validation_error",
                    ("refresh", "invalid", "This refresh token is invalid or is not yours."),
                ),
            ),
            example("No access token", 401, NOT_AUTHENTICATED, BEARER_CHALLENGE),
        ],
    )


def refresh_with_revoked_token() -> dict:
    return request(
        "Refresh with a revoked refresh token",
        "POST",
        REFRESH_PATH,
        description="A refresh token revoked by signing out: **401**.",
        auth=NO_AUTH,
        body={"refresh": "{{revoked_refresh_token}}"},
        tests=[
            expect_status(401),
            expect_errors("client_error", (None, "token_not_valid")),
        ],
        examples=[example("Revoked", 401, REFRESH_REJECTED, BEARER_CHALLENGE)],
    )


def sign_out_with_invalid_token() -> dict:
    return request(
        "Sign out with an invalid refresh token",
        "POST",
        LOGOUT_PATH,
        description="A refresh token that is malformed or belongs to someone else: **400**.",
        body={"refresh": GARBAGE_TOKEN},
        tests=[
            expect_status(400),
            expect_errors("validation_error", ("refresh", "invalid")),
        ],
        examples=[
            example(
                "Invalid refresh token",
                400,
                error_body(
                    "validation_error",
                    ("refresh", "invalid", "This refresh token is invalid or is not yours."),
                ),
            ),
        ],
    )


def folder_item() -> dict:
    return folder(
        "Auth",
        (
            "Sign-in with email and password, token refresh and sign-out. Run this "
            "folder first: it creates this run's account and keeps its tokens in "
            "collection variables for the other folders."
        ),
        [
            sign_up(),
            sign_in(),
            sign_in_with_wrong_password(),
            sign_in_with_invalid_fields(),
            sign_in_with_invalid_json(),
            refresh_pair(),
            refresh_with_used_token(),
            sign_out(),
            refresh_with_revoked_token(),
            sign_out_with_invalid_token(),
        ],
    )
