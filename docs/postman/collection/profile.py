"""Profile folder: read and edit the profile, change the password."""

from .common import (
    BEARER_CHALLENGE,
    EXPECT_TOKEN_PAIR,
    KEEP_TOKENS,
    PROFILE,
    REQUIRED,
    TOKEN_REVOKED,
    token_pair,
)
from .postman_format import (
    NO_AUTH,
    bearer,
    error_body,
    example,
    expect_errors,
    expect_status,
    folder,
    request,
)

PROFILE_PATH = "/api/profile"
PASSWORD_PATH = "/api/profile/password"  # noqa: S105 (a URL path)
MISSING_FIELDS = error_body(
    "validation_error",
    ("last_name", "required", REQUIRED),
    ("phone_number", "required", REQUIRED),
    ("address", "required", REQUIRED),
)
INVALID_PHONE = error_body(
    "validation_error", ("phone_number", "invalid", "Enter a valid phone number.")
)


def show_profile() -> dict:
    return request(
        "Show my profile",
        "GET",
        PROFILE_PATH,
        description="The signed-in user's profile.",
        tests=[
            expect_status(200),
            'pm.test("It is this run\'s account", function () {',
            "    const body = pm.response.json();",
            "    pm.expect(body).to.have.all.keys(",
            '        "id", "email", "first_name", "last_name", "phone_number", "address",',
            '        "date_joined", "has_password", "google_linked");',
            '    pm.expect(String(body.id)).to.eql(pm.collectionVariables.get("user_id"));',
            '    pm.expect(body.email).to.eql(pm.collectionVariables.get("email"));',
            "    pm.expect(body.has_password).to.be.true;",
            "    pm.expect(body.google_linked).to.be.false;",
            "});",
        ],
        examples=[example("Profile", 200, PROFILE)],
    )


def patch_profile() -> dict:
    return request(
        "Change some profile fields (PATCH)",
        "PATCH",
        PROFILE_PATH,
        description=(
            "Partial update: only the fields sent change. Editable: `first_name`, "
            "`last_name`, `phone_number` (any valid number, stored in E.164; an empty "
            "string clears it) and `address`. Read-only fields such as `email` are "
            "ignored."
        ),
        body={
            "first_name": "Ann",
            "last_name": "Lee",
            "phone_number": "+1 415 555 0123",
            "email": "someone-else@example.com",
        },
        tests=[
            expect_status(200),
            "const body = pm.response.json();",
            'pm.test("The fields sent changed, the phone number in E.164", function () {',
            '    pm.expect(body.first_name).to.eql("Ann");',
            '    pm.expect(body.last_name).to.eql("Lee");',
            '    pm.expect(body.phone_number).to.eql("+14155550123");',
            "});",
            'pm.test("The read-only email was ignored", function () {',
            '    pm.expect(body.email).to.eql(pm.collectionVariables.get("email"));',
            "});",
        ],
        examples=[
            example("Profile changed", 200, PROFILE),
            example("Invalid phone number", 400, INVALID_PHONE),
        ],
    )


def post_profile() -> dict:
    return request(
        "Change some profile fields (POST)",
        "POST",
        PROFILE_PATH,
        description="The same partial update as PATCH, for clients that cannot send PATCH.",
        body={"address": "1 Main Street, Springfield"},
        tests=[
            expect_status(200),
            'pm.test("Only the address changed", function () {',
            "    const body = pm.response.json();",
            '    pm.expect(body.address).to.eql("1 Main Street, Springfield");',
            '    pm.expect(body.first_name).to.eql("Ann");',
            '    pm.expect(body.phone_number).to.eql("+14155550123");',
            "});",
        ],
        examples=[
            example("Profile changed", 200, PROFILE),
            example("Invalid phone number", 400, INVALID_PHONE),
        ],
    )


def put_profile() -> dict:
    return request(
        "Replace the profile (PUT)",
        "PUT",
        PROFILE_PATH,
        description=(
            "Full update: all four editable fields are required; 400 names each "
            "missing one. An empty `phone_number` clears the number."
        ),
        body={
            "first_name": "Ann",
            "last_name": "Lee",
            "phone_number": "",
            "address": "2 Side Street, Springfield",
        },
        tests=[
            expect_status(200),
            'pm.test("Every editable field was replaced", function () {',
            "    const body = pm.response.json();",
            '    pm.expect(body.phone_number).to.eql("");',
            '    pm.expect(body.address).to.eql("2 Side Street, Springfield");',
            "});",
        ],
        examples=[
            example(
                "Profile replaced",
                200,
                {**PROFILE, "phone_number": "", "address": "2 Side Street, Springfield"},
            ),
            example("Fields missing", 400, MISSING_FIELDS),
        ],
    )


def put_with_fields_missing() -> dict:
    return request(
        "Replace the profile with fields missing (PUT)",
        "PUT",
        PROFILE_PATH,
        description="A PUT without every editable field: **400** naming each missing one.",
        body={"first_name": "Ann"},
        tests=[
            expect_status(400),
            expect_errors(
                "validation_error",
                ("last_name", "required"),
                ("phone_number", "required"),
                ("address", "required"),
            ),
        ],
        examples=[example("Fields missing", 400, MISSING_FIELDS)],
    )


def patch_with_invalid_phone() -> dict:
    return request(
        "Change the profile with an invalid phone number",
        "PATCH",
        PROFILE_PATH,
        description="A phone number that is not valid: **400** on `phone_number`.",
        body={"phone_number": "12345"},
        tests=[
            expect_status(400),
            expect_errors("validation_error", ("phone_number", "invalid")),
        ],
        examples=[example("Invalid phone number", 400, INVALID_PHONE)],
    )


def change_password_with_wrong_current() -> dict:
    return request(
        "Change the password with a wrong current password",
        "POST",
        PASSWORD_PATH,
        description="A wrong `current_password`: **400** on that field.",
        body={"current_password": "not-the-password", "new_password": "{{new_password}}"},
        tests=[
            expect_status(400),
            expect_errors("validation_error", ("current_password", "invalid")),
        ],
        examples=[
            example(
                "Wrong current password",
                400,
                error_body(
                    "validation_error",
                    ("current_password", "invalid", "The current password is wrong."),
                ),
            ),
        ],
    )


def change_password() -> dict:
    return request(
        "Change the password",
        "POST",
        PASSWORD_PATH,
        description=(
            "Sets a new password (`current_password` is not needed when the account "
            "has none yet). **200** with a fresh token pair; every token issued "
            "before is revoked. Keeps the old access token in `old_access_token`."
        ),
        body={"current_password": "{{password}}", "new_password": "{{new_password}}"},
        tests=[
            expect_status(200),
            EXPECT_TOKEN_PAIR,
            "pm.collectionVariables.set(",
            '    "old_access_token", pm.collectionVariables.get("access_token"));',
            KEEP_TOKENS,
        ],
        examples=[
            example("Password changed", 200, token_pair()),
            example(
                "New password too weak",
                400,
                error_body(
                    "validation_error",
                    ("new_password", "password_too_common", "This password is too common."),
                ),
            ),
        ],
    )


def show_with_revoked_token() -> dict:
    return request(
        "Show my profile with a token from before the password change",
        "GET",
        PROFILE_PATH,
        description="Tokens issued before a password change are revoked: **401**.",
        auth=bearer("{{old_access_token}}"),
        tests=[
            expect_status(401),
            expect_errors("client_error", (None, "token_not_valid")),
        ],
        examples=[example("Revoked token", 401, TOKEN_REVOKED, BEARER_CHALLENGE)],
    )


def sign_in_with_new_password() -> dict:
    return request(
        "Sign in with the new password",
        "POST",
        "/api/auth/login",
        description="The new password works, and the rejected profile changes changed nothing.",
        auth=NO_AUTH,
        body={"email": "{{email}}", "password": "{{new_password}}"},
        tests=[
            expect_status(200),
            EXPECT_TOKEN_PAIR,
            'pm.test("The profile is as the PUT left it", function () {',
            "    const user = pm.response.json().user;",
            '    pm.expect(user.phone_number).to.eql("");',
            '    pm.expect(user.address).to.eql("2 Side Street, Springfield");',
            "});",
            KEEP_TOKENS,
        ],
        examples=[example("Signed in", 200, token_pair())],
    )


def folder_item() -> dict:
    return folder(
        "Profile",
        "Read and edit the signed-in user's profile, and change the password.",
        [
            show_profile(),
            patch_profile(),
            post_profile(),
            put_profile(),
            put_with_fields_missing(),
            patch_with_invalid_phone(),
            change_password_with_wrong_current(),
            change_password(),
            show_with_revoked_token(),
            sign_in_with_new_password(),
        ],
    )
