"""Products folder: list, search and show available products."""

from .common import (
    BEARER_CHALLENGE,
    EXPECT_PAGE,
    MISSING_ID,
    NOT_AUTHENTICATED,
    NOT_FOUND,
    PRODUCT,
    expect_products,
    page,
)
from .postman_format import (
    NO_AUTH,
    error_body,
    example,
    expect_errors,
    expect_status,
    folder,
    request,
)

LIST_PATH = "/api/products"
DETAIL_PATH = "/api/products/{{product_id}}"


def list_without_token() -> dict:
    return request(
        "List products without a token",
        "GET",
        LIST_PATH,
        description="Every endpoint under /api/ except sign-in and refresh needs a token: **401**.",
        auth=NO_AUTH,
        tests=[
            expect_status(401),
            expect_errors("client_error", (None, "not_authenticated")),
        ],
        examples=[example("No token", 401, NOT_AUTHENTICATED, BEARER_CHALLENGE)],
    )


def list_products() -> dict:
    return request(
        "List available products",
        "GET",
        LIST_PATH,
        query={"page_size": "5"},
        description=(
            "Only available products (active and in stock), ordered by `id`, 20 to a "
            "page unless `page_size` says otherwise (at most 100). Prices are decimal "
            "strings.\n\nThe test keeps the product with the most stock in "
            "`product_id` for the order requests, so the database needs products: "
            "load the demo catalogue with `make demo`."
        ),
        tests=[
            expect_status(200),
            EXPECT_PAGE,
            expect_products("pm.response.json().results"),
            "const products = pm.response.json().results;",
            'pm.test("The catalogue has products (load them with make demo)", function () {',
            "    pm.expect(products).to.not.be.empty;",
            "});",
            'pm.test("At most page_size products, ordered by id", function () {',
            "    pm.expect(products.length).to.be.at.most(5);",
            "    const ids = products.map(function (product) { return product.id; });",
            "    pm.expect(ids).to.eql(ids.slice().sort(function (a, b) { return a - b; }));",
            "});",
            "// The order requests buy 3 units, so keep the best-stocked product.",
            "const chosen = products.reduce(function (best, product) {",
            "    return best === null || product.stock > best.stock ? product : best;",
            "}, null);",
            'pm.test("A product has at least 3 units in stock", function () {',
            "    pm.expect(chosen).to.not.be.null;",
            "    pm.expect(chosen.stock).to.be.at.least(3);",
            "});",
            "if (chosen !== null) {",
            '    pm.collectionVariables.set("product_id", String(chosen.id));',
            '    pm.collectionVariables.set("product_price", chosen.price);',
            "}",
        ],
        examples=[
            example(
                "A page of products",
                200,
                page([PRODUCT], next_url="http://127.0.0.1:8000/api/products?page=2&page_size=5"),
            ),
            example(
                "Page past the end",
                404,
                error_body("client_error", (None, "not_found", "Invalid page.")),
            ),
        ],
    )


def search_products() -> dict:
    return request(
        "Search, filter and sort products",
        "GET",
        LIST_PATH,
        query={
            "search": "mug",
            "min_price": "5.00",
            "max_price": "100.00",
            "ordering": "-price",
            "page_size": "10",
        },
        description=(
            "`search` matches name, SKU or description; `min_price` and `max_price` "
            "are inclusive; `ordering` is one of `price`, `-price`, `name`, `-name`, "
            "`id`, `-id`, with ties broken by `id`."
        ),
        tests=[
            expect_status(200),
            EXPECT_PAGE,
            expect_products("pm.response.json().results"),
            "const products = pm.response.json().results;",
            'pm.test("Every product matches the search and the price range", function () {',
            "    products.forEach(function (product) {",
            "        const text = [product.name, product.sku, product.description].join(' ');",
            '        pm.expect(text.toLowerCase()).to.include("mug");',
            "        pm.expect(cents(product.price)).to.be.within(500, 10000);",
            "    });",
            "});",
            'pm.test("Products are sorted by price, highest first", function () {',
            "    for (let i = 1; i < products.length; i++) {",
            "        const previous = cents(products[i - 1].price);",
            "        pm.expect(cents(products[i].price)).to.be.at.most(previous);",
            "    }",
            "});",
        ],
        examples=[example("Matching products", 200, page([PRODUCT]))],
    )


def list_with_invalid_filters() -> dict:
    return request(
        "List products with invalid filters",
        "GET",
        LIST_PATH,
        query={"min_price": "cheap", "ordering": "colour"},
        description="Invalid query parameters: **400**, one error per parameter.",
        tests=[
            expect_status(400),
            expect_errors(
                "validation_error", ("min_price", "invalid"), ("ordering", "invalid_choice")
            ),
        ],
        examples=[
            example(
                "Invalid filters",
                400,
                error_body(
                    "validation_error",
                    ("min_price", "invalid", "Enter a number."),
                    (
                        "ordering",
                        "invalid_choice",
                        "Select a valid choice. colour is not one of the available choices.",
                    ),
                ),
            ),
        ],
    )


def list_past_last_page() -> dict:
    return request(
        "List products past the last page",
        "GET",
        LIST_PATH,
        query={"page": "100000"},
        description="A page number past the last page: **404**.",
        tests=[
            expect_status(404),
            expect_errors("client_error", (None, "not_found")),
        ],
        examples=[
            example(
                "Page past the end",
                404,
                error_body("client_error", (None, "not_found", "Invalid page.")),
            ),
        ],
    )


def show_product() -> dict:
    return request(
        "Show one product",
        "GET",
        DETAIL_PATH,
        description="One available product; 404 when it does not exist or is not available.",
        tests=[
            expect_status(200),
            expect_products("[pm.response.json()]"),
            'pm.test("It is the product from the list", function () {',
            "    const body = pm.response.json();",
            '    pm.expect(String(body.id)).to.eql(pm.collectionVariables.get("product_id"));',
            '    pm.expect(body.price).to.eql(pm.collectionVariables.get("product_price"));',
            "});",
        ],
        examples=[
            example("Product", 200, PRODUCT),
            example("Not found or not available", 404, NOT_FOUND),
        ],
    )


def show_missing_product() -> dict:
    return request(
        "Show a product that does not exist",
        "GET",
        f"/api/products/{MISSING_ID}",
        description="An unknown, inactive or sold-out product: **404**.",
        tests=[
            expect_status(404),
            expect_errors("client_error", (None, "not_found")),
        ],
        examples=[example("Not found", 404, NOT_FOUND)],
    )


def folder_item() -> dict:
    return folder(
        "Products",
        "The catalogue: only available products (active, with stock left) are listed and shown.",
        [
            list_without_token(),
            list_products(),
            search_products(),
            list_with_invalid_filters(),
            list_past_last_page(),
            show_product(),
            show_missing_product(),
        ],
    )
