"""Orders folder: place orders and read them back."""

from .common import (
    BEARER_CHALLENGE,
    EXPECT_PAGE,
    GARBAGE_TOKEN,
    MISSING_ID,
    MONEY_HELPERS,
    NOT_FOUND,
    ORDER,
    TOKEN_NOT_VALID,
    page,
)
from .postman_format import (
    bearer,
    error_body,
    example,
    expect_errors,
    expect_status,
    folder,
    js,
    request,
)

LIST_PATH = "/api/orders"
DETAIL_PATH = "/api/orders/{{order_id}}"
ONE_ITEM_BODY = '{\n  "items": [\n    {"product_id": {{product_id}}, "quantity": QUANTITY}\n  ]\n}'
IDEMPOTENCY_HEADER = {"Idempotency-Key": "{{idempotency_key}}"}


def place_order() -> dict:
    return request(
        "Place an order",
        "POST",
        LIST_PATH,
        description=(
            "Buys every item or none. Success: **201** with `Location: /api/orders/<id>`; "
            "prices are copied into the order and stock goes down in the same "
            "transaction. Any wrong item: 400 with one error per wrong item, and "
            "nothing is bought.\n\nUses `product_id` from *List available products* "
            "and keeps the new order's id in `order_id`."
        ),
        body=ONE_ITEM_BODY.replace("QUANTITY", "2"),
        tests=[
            expect_status(201),
            MONEY_HELPERS,
            "const order = pm.response.json();",
            'pm.test("Location names the new order", function () {',
            '    pm.expect(pm.response.headers.get("Location")).to.eql("/api/orders/" + order.id);',
            "});",
            'pm.test("The order is confirmed, in UTC", function () {',
            '    pm.expect(order.status).to.eql("confirmed");',
            '    pm.expect(order.currency).to.be.a("string").that.is.not.empty;',
            "    pm.expect(order.created_at).to.match(/(Z|\\+00:00)$/);",
            "});",
            'pm.test("The line is priced from the catalogue", function () {',
            "    pm.expect(order.items).to.have.lengthOf(1);",
            "    const line = order.items[0];",
            "    pm.expect(String(line.product_id))",
            '        .to.eql(pm.collectionVariables.get("product_id"));',
            "    pm.expect(line.quantity).to.eql(2);",
            '    pm.expect(line.unit_price).to.eql(pm.collectionVariables.get("product_price"));',
            "    pm.expect(isMoney(line.line_total), line.line_total).to.be.true;",
            "    pm.expect(cents(line.line_total)).to.eql(2 * cents(line.unit_price));",
            "    pm.expect(isMoney(order.total), order.total).to.be.true;",
            "    pm.expect(cents(order.total)).to.eql(cents(line.line_total));",
            "});",
            'pm.collectionVariables.set("order_id", String(order.id));',
            'pm.collectionVariables.set("order_total", order.total);',
        ],
        examples=[
            example("Order placed", 201, ORDER, {"Location": "/api/orders/12"}),
            example(
                "Not enough stock",
                400,
                error_body(
                    "validation_error",
                    (
                        "items.0.quantity",
                        "insufficient_stock",
                        'Only 1 of "Blue mug" left; 2 requested.',
                    ),
                ),
            ),
        ],
    )


def show_order() -> dict:
    return request(
        "Show the order",
        "GET",
        DETAIL_PATH,
        description="One of the signed-in user's orders; another user's order is 404.",
        tests=[
            expect_status(200),
            'pm.test("It is the order just placed", function () {',
            "    const order = pm.response.json();",
            '    pm.expect(String(order.id)).to.eql(pm.collectionVariables.get("order_id"));',
            '    pm.expect(order.total).to.eql(pm.collectionVariables.get("order_total"));',
            "    pm.expect(order.items).to.have.lengthOf(1);",
            "});",
        ],
        examples=[example("Order", 200, ORDER), example("Not found", 404, NOT_FOUND)],
    )


def list_orders() -> dict:
    return request(
        "List my orders",
        "GET",
        LIST_PATH,
        description=(
            "The signed-in user's orders, newest first, paginated like products. "
            "Keeps the count in `orders_count`."
        ),
        tests=[
            expect_status(200),
            EXPECT_PAGE,
            "const body = pm.response.json();",
            'pm.test("The newest order comes first", function () {',
            "    pm.expect(body.results).to.not.be.empty;",
            "    pm.expect(String(body.results[0].id))",
            '        .to.eql(pm.collectionVariables.get("order_id"));',
            "});",
            'pm.collectionVariables.set("orders_count", String(body.count));',
        ],
        examples=[example("A page of orders", 200, page([ORDER]))],
    )


def place_with_bad_items() -> dict:
    return request(
        "Place an order with an unknown product and a bad quantity",
        "POST",
        LIST_PATH,
        description=(
            "All problems come back at once, one per wrong item, with `attr` naming "
            "the item by its index: **400**, and no order is stored."
        ),
        body=(
            '{\n  "items": [\n'
            f'    {{"product_id": {MISSING_ID}, "quantity": 1}},\n'
            '    {"product_id": {{product_id}}, "quantity": 0}\n'
            "  ]\n}"
        ),
        tests=[
            expect_status(400),
            expect_errors(
                "validation_error",
                ("items.0.product_id", "does_not_exist"),
                ("items.1.quantity", "min_value"),
            ),
        ],
        examples=[
            example(
                "Two wrong items",
                400,
                error_body(
                    "validation_error",
                    (
                        "items.0.product_id",
                        "does_not_exist",
                        f"Product {MISSING_ID} does not exist.",
                    ),
                    (
                        "items.1.quantity",
                        "min_value",
                        "Ensure this value is greater than or equal to 1.",
                    ),
                ),
            ),
        ],
    )


def place_with_no_items() -> dict:
    return request(
        "Place an order with no items",
        "POST",
        LIST_PATH,
        description="An order needs 1 to 100 items; errors about the list are on `items`.",
        body={"items": []},
        tests=[
            expect_status(400),
            expect_errors("validation_error", ("items", "min_length")),
        ],
        examples=[
            example(
                "Empty list",
                400,
                error_body(
                    "validation_error",
                    ("items", "min_length", "Ensure this field has at least 1 elements."),
                ),
            ),
        ],
    )


def list_after_rejected_orders() -> dict:
    return request(
        "List my orders after the rejected ones",
        "GET",
        LIST_PATH,
        description="The two rejected orders above stored nothing: the count is unchanged.",
        tests=[
            expect_status(200),
            'pm.test("No order was stored", function () {',
            "    const count = pm.response.json().count;",
            '    pm.expect(String(count)).to.eql(pm.collectionVariables.get("orders_count"));',
            "});",
        ],
        examples=[example("A page of orders", 200, page([ORDER]))],
    )


def place_with_idempotency_key() -> dict:
    return request(
        "Place an order with an Idempotency-Key",
        "POST",
        LIST_PATH,
        description=(
            "With an `Idempotency-Key` header (up to 255 characters) a retry of the "
            "same body returns the first 201 response and buys nothing more. The "
            "pre-request script makes a new key on every run."
        ),
        prerequest=js(
            'const key = "order-" + Date.now() + "-" + Math.floor(Math.random() * 1000000);',
            'pm.collectionVariables.set("idempotency_key", key);',
        ),
        headers=IDEMPOTENCY_HEADER,
        body=ONE_ITEM_BODY.replace("QUANTITY", "1"),
        tests=[
            expect_status(201),
            'pm.collectionVariables.set("idempotent_order_id", String(pm.response.json().id));',
        ],
        examples=[
            example("Order placed", 201, ORDER, {"Location": "/api/orders/12"}),
            example(
                "Key too long",
                400,
                error_body(
                    "validation_error",
                    (
                        None,
                        "invalid",
                        "The Idempotency-Key header must be 1 to 255 characters.",
                    ),
                ),
            ),
        ],
    )


def retry_with_same_key() -> dict:
    return request(
        "Retry the order with the same Idempotency-Key",
        "POST",
        LIST_PATH,
        description="The same key and body: the first response again, and nothing more is bought.",
        headers=IDEMPOTENCY_HEADER,
        body=ONE_ITEM_BODY.replace("QUANTITY", "1"),
        tests=[
            expect_status(201),
            'pm.test("The response names the first order", function () {',
            "    pm.expect(String(pm.response.json().id))",
            '        .to.eql(pm.collectionVariables.get("idempotent_order_id"));',
            "});",
        ],
        examples=[example("The first response", 201, ORDER, {"Location": "/api/orders/12"})],
    )


def reuse_key_with_other_body() -> dict:
    return request(
        "Reuse the Idempotency-Key with another body",
        "POST",
        LIST_PATH,
        description="The same key with a different body: **422**, and nothing is bought.",
        headers=IDEMPOTENCY_HEADER,
        body=ONE_ITEM_BODY.replace("QUANTITY", "2"),
        tests=[
            expect_status(422),
            expect_errors("client_error", (None, "idempotency_key_reused")),
        ],
        examples=[
            example(
                "Key reused",
                422,
                error_body(
                    "client_error",
                    (
                        None,
                        "idempotency_key_reused",
                        "This Idempotency-Key was already used with a different request body.",
                    ),
                ),
            ),
        ],
    )


def show_missing_order() -> dict:
    return request(
        "Show an order that does not exist",
        "GET",
        f"/api/orders/{MISSING_ID}",
        description="An unknown order, or another user's: **404**.",
        tests=[
            expect_status(404),
            expect_errors("client_error", (None, "not_found")),
        ],
        examples=[example("Not found", 404, NOT_FOUND)],
    )


def list_with_garbage_token() -> dict:
    return request(
        "List orders with a garbage token",
        "GET",
        LIST_PATH,
        description=(
            "A malformed, wrongly signed, expired or revoked token: **401** with a "
            "`WWW-Authenticate: Bearer` header, never 403."
        ),
        auth=bearer(GARBAGE_TOKEN),
        tests=[
            expect_status(401),
            expect_errors("client_error", (None, "token_not_valid")),
        ],
        examples=[example("Invalid token", 401, TOKEN_NOT_VALID, BEARER_CHALLENGE)],
    )


def folder_item() -> dict:
    return folder(
        "Orders",
        "Place orders (all items or none) and read the signed-in user's own orders back.",
        [
            place_order(),
            show_order(),
            list_orders(),
            place_with_bad_items(),
            place_with_no_items(),
            list_after_rejected_orders(),
            place_with_idempotency_key(),
            retry_with_same_key(),
            reuse_key_with_other_body(),
            show_missing_order(),
            list_with_garbage_token(),
        ],
    )
