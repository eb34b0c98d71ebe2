"""Example payloads and shared test scripts of the shop API's collection."""

from .postman_format import error_body, js

# Far above any id a test database reaches, so it names no product or order.
MISSING_ID = 999999999

GARBAGE_TOKEN = "not-a-valid-token"  # noqa: S105 (a deliberately invalid bearer token)


# Example payloads for the saved responses.

ACCESS = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl"
REFRESH = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl"

PROFILE = {
    "id": 7,
    "email": "ann@example.com",
    "first_name": "Ann",
    "last_name": "Lee",
    "phone_number": "+14155550123",
    "address": "1 Main Street, Springfield",
    "date_joined": "2026-12-04T10:00:00Z",
    "has_password": True,
    "google_linked": False,
}

PRODUCT = {
    "id": 1,
    "sku": "MUG-BLUE",
    "name": "Blue mug",
    "description": "Stoneware mug, 350 ml, dishwasher safe.",
    "price": "12.50",
    "currency": "USD",
    "stock": 40,
}

ORDER = {
    "id": 12,
    "status": "confirmed",
    "created_at": "2026-12-04T10:00:00Z",
    "currency": "USD",
    "total": "25.00",
    "items": [
        {
            "product_id": 1,
            "sku": "MUG-BLUE",
            "name": "Blue mug",
            "unit_price": "12.50",
            "quantity": 2,
            "line_total": "25.00",
        }
    ],
}


def token_pair(*, created: bool = False, **profile_changes) -> dict:
    return {
        "access": ACCESS,
        "refresh": REFRESH,
        "token_type": "Bearer",
        "expires_in": 900,
        "created": created,
        "user": {**PROFILE, **profile_changes},
    }


def page(results: list[dict], *, next_url: str | None = None) -> dict:
    return {"count": len(results), "next": next_url, "previous": None, "results": results}


BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="api"'}

NOT_AUTHENTICATED = error_body(
    "client_error", (None, "not_authenticated", "Authentication credentials were not provided.")
)
TOKEN_NOT_VALID = error_body(
    "client_error", (None, "token_not_valid", "Given token not valid for any token type")
)
TOKEN_REVOKED = error_body("client_error", (None, "token_not_valid", "Token has been revoked."))
REFRESH_REJECTED = error_body(
    "client_error", (None, "token_not_valid", "Refresh token is invalid, expired or revoked.")
)
NOT_FOUND = error_body("client_error", (None, "not_found", "Not found."))
REQUIRED = "This field is required."


# Test scripts shared by several requests.

EXPECT_TOKEN_PAIR = js(
    'pm.test("Body is a token pair for this run\'s account", function () {',
    "    const body = pm.response.json();",
    '    pm.expect(body.access.split(".")).to.have.lengthOf(3);',
    '    pm.expect(body.refresh.split(".")).to.have.lengthOf(3);',
    '    pm.expect(body.token_type).to.eql("Bearer");',
    '    pm.expect(body.expires_in).to.be.a("number").above(0);',
    '    pm.expect(body.user.email).to.eql(pm.collectionVariables.get("email"));',
    "});",
)

KEEP_TOKENS = js(
    "const pair = pm.response.json();",
    "if (pm.response.code < 300) {",
    '    pm.collectionVariables.set("access_token", pair.access);',
    '    pm.collectionVariables.set("refresh_token", pair.refresh);',
    "}",
)

MONEY_HELPERS = js(
    "function isMoney(value) {",
    '    return typeof value === "string" && /^[0-9]+\\.[0-9]{2}$/.test(value);',
    "}",
    "function cents(value) {",
    "    return Math.round(parseFloat(value) * 100);",
    "}",
)

EXPECT_PAGE = js(
    'pm.test("Body is a page", function () {',
    "    const body = pm.response.json();",
    '    pm.expect(body).to.have.all.keys("count", "next", "previous", "results");',
    '    pm.expect(body.count).to.be.a("number");',
    '    pm.expect(body.results).to.be.an("array");',
    "});",
)


def expect_products(products_expression: str) -> str:
    """Check the product objects that a JavaScript expression evaluates to."""
    return js(
        MONEY_HELPERS,
        'pm.test("Every product is available, with a decimal string price", function () {',
        f"    {products_expression}.forEach(function (product) {{",
        "        pm.expect(product).to.have.all.keys(",
        '            "id", "sku", "name", "description", "price", "currency", "stock");',
        "        pm.expect(isMoney(product.price), product.price).to.be.true;",
        "        pm.expect(product.stock).to.be.above(0);",
        "    });",
        "});",
    )
