"""The Postman collection in docs/postman covers the OpenAPI schema and is up to date."""

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

POSTMAN_DIR = Path(__file__).resolve().parents[2] / "docs" / "postman"
COLLECTION_PATH = POSTMAN_DIR / "shop.postman_collection.json"
ENVIRONMENT_PATH = POSTMAN_DIR / "local.postman_environment.json"
GENERATOR_PATH = POSTMAN_DIR / "generate_collection.py"

# OpenAPI's HTTP methods without HEAD and OPTIONS, which DRF handles for
# every view and which are not operations of their own.
OPERATION_METHODS = {"get", "put", "post", "delete", "patch", "trace"}

# `{id}` (OpenAPI), `{{order_id}}` (Postman variable), `:id` (Postman path
# variable) and a literal number all stand for one path parameter.
PARAMETER_SEGMENT = re.compile(r"^(\{[^{}]+\}|\{\{[^{}]+\}\}|:\w+|[0-9]+)$")

API_PREFIX = "/api/"

FOLDER_NAMES = ["Auth", "Products", "Orders", "Profile", "Google"]


def normalize_path(path: str) -> str:
    """Reduce a schema path or a collection URL to the form `/api/orders/{}`."""
    path = path.removeprefix("{{base_url}}").split("?", 1)[0]
    segments = [segment for segment in path.split("/") if segment]
    normalized = ["{}" if PARAMETER_SEGMENT.match(segment) else segment for segment in segments]
    return "/" + "/".join(normalized)


def schema_operations() -> set[tuple[str, str]]:
    """Return the (METHOD, path) of every operation of the JSON API under /api/.

    The browser's Google redirect routes under /auth/google/ respond with
    redirects and the browser session, so the collection leaves them out.
    """
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), normalize_path(path))
        for path, path_item in schema["paths"].items()
        for method in path_item
        if method in OPERATION_METHODS and path.startswith(API_PREFIX)
    }


def load_collection() -> dict:
    return json.loads(COLLECTION_PATH.read_text(encoding="utf-8"))


def request_items(items: list[dict]) -> Iterator[dict]:
    """Yield every request item, descending into folders."""
    for item in items:
        if "item" in item:
            yield from request_items(item["item"])
        else:
            yield item


def collection_operations() -> set[tuple[str, str]]:
    return {
        (item["request"]["method"].upper(), normalize_path(item["request"]["url"]["raw"]))
        for item in request_items(load_collection()["item"])
    }


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/orders/", "/api/orders"),
        ("/api/orders", "/api/orders"),
        ("/api/orders/{id}/", "/api/orders/{}"),
        ("{{base_url}}/api/orders/{{order_id}}", "/api/orders/{}"),
        ("{{base_url}}/api/orders/:id", "/api/orders/{}"),
        ("{{base_url}}/api/products/999999999", "/api/products/{}"),
        ("{{base_url}}/api/products?page=2&page_size=5", "/api/products"),
        ("{{base_url}}/api/profile/password", "/api/profile/password"),
    ],
)
def test_normalize_path_equates_styles(path, expected):
    assert normalize_path(path) == expected


def test_schema_lists_known_operations():
    operations = schema_operations()

    # Guards against a schema that silently lost its paths, which would make
    # the coverage test below pass with nothing to check.
    assert ("POST", "/api/orders") in operations
    assert ("GET", "/api/orders/{}") in operations
    assert ("POST", "/api/auth/login") in operations


def test_every_schema_operation_has_a_request():
    missing = schema_operations() - collection_operations()

    assert not missing, (
        f"{COLLECTION_PATH.name} has no request for: "
        + ", ".join(f"{method} {path}" for method, path in sorted(missing))
        + ". Add one in docs/postman/collection/ and run docs/postman/generate_collection.py."
    )


def test_collection_matches_its_generator():
    result = subprocess.run(  # noqa: S603 (runs this repository's own script)
        [sys.executable, str(GENERATOR_PATH), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_collection_has_one_folder_per_area():
    collection = load_collection()

    assert collection["info"]["schema"].endswith("/v2.1.0/collection.json")
    assert [folder["name"] for folder in collection["item"]] == FOLDER_NAMES


@pytest.mark.parametrize(
    "item", list(request_items(load_collection()["item"])), ids=lambda item: item["name"]
)
def test_request_is_documented_and_tested(item):
    test_scripts = [
        "\n".join(event["script"]["exec"]) for event in item["event"] if event["listen"] == "test"
    ]

    assert item["request"]["description"].strip()
    assert any("pm.test(" in source for source in test_scripts)
    assert item["response"], "no saved example response"
    assert all(example["code"] for example in item["response"])


def test_environment_sets_base_url_and_google_flag():
    environment = json.loads(ENVIRONMENT_PATH.read_text(encoding="utf-8"))
    values = {value["key"]: value["value"] for value in environment["values"]}

    assert values["base_url"].startswith("http://127.0.0.1:")
    assert values["google_configured"] in {"true", "false"}
