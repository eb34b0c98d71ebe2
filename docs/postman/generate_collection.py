"""Write the shop API's Postman collection (v2.1) and local environment as JSON.

The JSON files beside this script are generated from the modules in
collection/: edit the requests there, run
`.venv/bin/python docs/postman/generate_collection.py` and commit the code and
both JSON files. With `--check` it writes nothing and exits with status 1 when
a JSON file differs from what it would write.
"""

import argparse
import json
import sys
from pathlib import Path

from collection import auth, google, orders, products, profile
from collection.postman_format import SCHEMA_URL, js, script, stable_id

HERE = Path(__file__).resolve().parent
COLLECTION_PATH = HERE / "shop.postman_collection.json"
ENVIRONMENT_PATH = HERE / "local.postman_environment.json"

# One Postman folder per module, in the order a run needs: Auth creates the
# account whose tokens the other folders use.
FOLDERS = [auth, products, orders, profile, google]

# Runs after every request: rules that hold for every endpoint.
COLLECTION_TESTS = js(
    "const statusCode = pm.response.code;",
    "if (statusCode !== 204) {",
    '    pm.test("Body is JSON", function () {',
    '        pm.expect(pm.response.headers.get("Content-Type")).to.include("application/json");',
    "    });",
    "}",
    "if (statusCode >= 400) {",
    '    pm.test("Error body has the documented shape", function () {',
    "        const body = pm.response.json();",
    '        pm.expect(Object.keys(body).sort()).to.eql(["errors", "type"]);',
    '        let allowedTypes = ["client_error"];',
    "        if (statusCode === 400) {",
    '            allowedTypes = ["validation_error", "client_error"];',
    "        } else if (statusCode >= 500) {",
    '            allowedTypes = ["server_error"];',
    "        }",
    "        pm.expect(allowedTypes).to.include(body.type);",
    '        pm.expect(body.errors).to.be.an("array").that.is.not.empty;',
    "        body.errors.forEach(function (error) {",
    '            pm.expect(Object.keys(error).sort()).to.eql(["attr", "code", "detail"]);',
    '            pm.expect(error.code).to.be.a("string").that.is.not.empty;',
    '            pm.expect(error.detail).to.be.a("string").that.is.not.empty;',
    "            if (error.attr !== null) {",
    '                pm.expect(error.attr).to.be.a("string").that.is.not.empty;',
    "            }",
    "        });",
    "    });",
    "}",
    "if (statusCode === 401) {",
    '    pm.test("401 carries a Bearer challenge", function () {',
    '        pm.expect(pm.response.headers.get("WWW-Authenticate")).to.match(/^Bearer/);',
    "    });",
    "}",
)

# Variables that requests pass on to later ones; all start empty but these.
COLLECTION_VARIABLES = {
    "password": "Tea-kettle-on-a-quiet-morning-42",
    "new_password": "Kettle-whistles-at-dawn-73",
    "email": "",
    "email_mixed_case": "",
    "user_id": "",
    "access_token": "",
    "refresh_token": "",
    "used_refresh_token": "",
    "revoked_refresh_token": "",
    "old_access_token": "",
    "product_id": "",
    "product_price": "",
    "order_id": "",
    "order_total": "",
    "orders_count": "",
    "idempotency_key": "",
    "idempotent_order_id": "",
}

ENVIRONMENT_VARIABLES = {
    "base_url": "http://127.0.0.1:8000",
    # "true" when the server has GOOGLE_CLIENT_ID set: an invalid ID token
    # then gets 401; without it Google sign-in returns 503.
    "google_configured": "false",
}


def build_collection() -> dict:
    return {
        "info": {
            "_postman_id": stable_id("collection"),
            "name": "Shop API",
            "description": (
                "Requests for every operation of the shop's JSON API, with saved "
                "example responses and tests.\n\n"
                "Run the folders in order: Auth creates a new account (a new email on "
                "every run) and keeps its tokens in collection variables, Products "
                "picks a product, Orders buys it and reads the order back. Set "
                "`base_url` in the environment. Every error response is checked "
                'against the documented shape: `{"type": ..., "errors": [{"code", '
                '"detail", "attr"}]}`.'
            ),
            "schema": SCHEMA_URL,
        },
        "auth": {
            "type": "bearer",
            "bearer": [{"key": "token", "value": "{{access_token}}", "type": "string"}],
        },
        "event": [script("test", COLLECTION_TESTS)],
        "variable": [{"key": key, "value": value} for key, value in COLLECTION_VARIABLES.items()],
        "item": [folder.folder_item() for folder in FOLDERS],
    }


def build_environment() -> dict:
    return {
        "id": stable_id("environment", "local"),
        "name": "Shop API (local)",
        "values": [
            {"key": key, "value": value, "type": "default", "enabled": True}
            for key, value in ENVIRONMENT_VARIABLES.items()
        ],
        "_postman_variable_scope": "environment",
    }


def render(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit with status 1 when a JSON file is out of date",
    )
    arguments = parser.parse_args()

    outputs = {
        COLLECTION_PATH: render(build_collection()),
        ENVIRONMENT_PATH: render(build_environment()),
    }

    if arguments.check:
        stale = [path for path, text in outputs.items() if _read(path) != text]
        for path in stale:
            print(
                f"{path} is out of date: run {Path(__file__).name} and commit it.", file=sys.stderr
            )
        return 1 if stale else 0

    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"Wrote {path}")
    return 0


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


if __name__ == "__main__":
    sys.exit(main())
