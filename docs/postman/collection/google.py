"""Google folder: sign-in with a Google ID token."""

from .common import BEARER_CHALLENGE, token_pair
from .postman_format import NO_AUTH, error_body, example, folder, request


def sign_in_with_invalid_id_token() -> dict:
    return request(
        "Sign in with an invalid Google ID token",
        "POST",
        "/api/auth/google",
        description=(
            "Send the OpenID Connect ID token that the client got from Google "
            "(Google Identity Services, Android, iOS). The server checks its "
            "signature, `iss`, `aud`, `exp` and `email_verified`, then responds like "
            "email sign-in: 201 when it created the account, 200 otherwise. An "
            "invalid token gets 401, an unverified email 400.\n\n"
            "This request sends an invalid token. When the server has no Google "
            "client id configured the response is 503; set the environment variable "
            "`google_configured` to `true` for a server that has one, and the test "
            "then expects 401."
        ),
        auth=NO_AUTH,
        body={"id_token": "not-a-google-id-token"},
        tests=[
            'const configured = String(pm.variables.get("google_configured")) === "true";',
            "const expected = configured ? 401 : 503;",
            'pm.test("Status is " + expected + " (google_configured=" + configured + ")",',
            "    function () {",
            "        pm.response.to.have.status(expected);",
            "    });",
            'pm.test("Error code names the cause", function () {',
            "    const body = pm.response.json();",
            '    const expectedType = configured ? "client_error" : "server_error";',
            '    const expectedCode = configured ? "invalid_token" : "not_configured";',
            "    pm.expect(body.type).to.eql(expectedType);",
            "    pm.expect(body.errors).to.have.lengthOf(1);",
            "    pm.expect(body.errors[0].code).to.eql(expectedCode);",
            "    pm.expect(body.errors[0].attr).to.be.null;",
            "});",
        ],
        examples=[
            example("Signed in", 200, token_pair(google_linked=True)),
            example("Account created", 201, token_pair(created=True, google_linked=True)),
            example(
                "Email not verified",
                400,
                error_body(
                    "validation_error",
                    (
                        "id_token",
                        "email_not_verified",
                        "Google has not verified this email address. Verify it with Google, "
                        "or sign in with a password.",
                    ),
                ),
            ),
            example(
                "Invalid ID token",
                401,
                error_body(
                    "client_error",
                    (
                        None,
                        "invalid_token",
                        "The Google ID token is invalid or expired. "
                        "Get a new one from Google and retry.",
                    ),
                ),
                BEARER_CHALLENGE,
            ),
            example(
                "Google sign-in not configured",
                503,
                error_body(
                    "server_error",
                    (
                        None,
                        "not_configured",
                        "Google sign-in is not configured on this server "
                        "(GOOGLE_CLIENT_ID is empty).",
                    ),
                ),
            ),
            example(
                "Google's keys unavailable",
                503,
                error_body(
                    "server_error",
                    (
                        None,
                        "provider_unavailable",
                        "Google's signing keys could not be fetched. Try again later.",
                    ),
                ),
            ),
        ],
    )


def folder_item() -> dict:
    return folder(
        "Google",
        (
            "Sign-in with a Google ID token, for mobile and single-page clients. The "
            "browser's redirect flow (/auth/google/login, /auth/google/callback and "
            "/auth/google/session-token) lives outside /api/ and is not in this collection."
        ),
        [sign_in_with_invalid_id_token()],
    )
