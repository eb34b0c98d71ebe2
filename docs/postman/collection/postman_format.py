"""Building blocks of a Postman collection (format v2.1) and of its test scripts.

Test scripts are JavaScript for the Postman sandbox. Python values go into
them through json.dumps, so quoting is always right.
"""

import copy
import json
import uuid
from http import HTTPStatus

SCHEMA_URL = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"

# Ids derive from names, so regenerating the files changes nothing unless a
# request changed.
ID_NAMESPACE = uuid.UUID("5b0c7a53-2c4e-4c39-9a55-2a9f1f6f0d11")

JSON_HEADER = {"key": "Content-Type", "value": "application/json"}

NO_AUTH = {"type": "noauth"}


def js(*lines: str) -> str:
    return "\n".join(lines)


def expect_status(code: int) -> str:
    return js(
        f'pm.test("Status is {code}", function () {{',
        f"    pm.response.to.have.status({code});",
        "});",
    )


def expect_errors(error_type: str, *errors: tuple[str | None, str]) -> str:
    """Assert the error `type` and exactly these (attr, code) pairs, in any order."""
    expected = sorted(f"{'null' if attr is None else attr} {code}" for attr, code in errors)
    title = f"Error is {error_type}: " + ", ".join(expected)
    return js(
        f"pm.test({json.dumps(title)}, function () {{",
        "    const body = pm.response.json();",
        f"    pm.expect(body.type).to.eql({json.dumps(error_type)});",
        "    const found = body.errors.map(function (error) {",
        '        return String(error.attr) + " " + error.code;',
        "    }).sort();",
        f"    pm.expect(found).to.eql({json.dumps(expected)});",
        "});",
    )


def error_body(error_type: str, *errors: tuple[str | None, str, str]) -> dict:
    """Build an example error body from (attr, code, detail) triples."""
    return {
        "type": error_type,
        "errors": [{"code": code, "detail": detail, "attr": attr} for attr, code, detail in errors],
    }


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def url(path: str, query: dict[str, str] | None = None) -> dict:
    """Build a Postman URL object for `{{base_url}}` followed by `path` and `query`."""
    raw = "{{base_url}}" + path
    result: dict = {"raw": raw, "host": ["{{base_url}}"], "path": path.strip("/").split("/")}

    if query:
        result["raw"] += "?" + "&".join(f"{key}={value}" for key, value in query.items())
        result["query"] = [{"key": key, "value": value} for key, value in query.items()]

    return result


def script(listen: str, source: str) -> dict:
    return {"listen": listen, "script": {"type": "text/javascript", "exec": source.splitlines()}}


def bearer(token: str) -> dict:
    return {"type": "bearer", "bearer": [{"key": "token", "value": token, "type": "string"}]}


def body_text(body: dict | list | str) -> str:
    """Return a body as indented JSON. A str is sent unchanged, for templates and invalid JSON."""
    if isinstance(body, str):
        return body
    return json.dumps(body, indent=2)


def example(name: str, code: int, body: dict | None = None, headers: dict | None = None) -> dict:
    """Build a saved example response. `request` adds the original request to it."""
    response_headers = [{"key": key, "value": value} for key, value in (headers or {}).items()]
    if body is not None:
        response_headers.insert(0, dict(JSON_HEADER))

    return {
        "name": name,
        "status": HTTPStatus(code).phrase,
        "code": code,
        "_postman_previewlanguage": "json" if body is not None else "text",
        "header": response_headers,
        "cookie": [],
        "body": "" if body is None else json.dumps(body, indent=2),
    }


def request(
    name: str,
    method: str,
    path: str,
    *,
    description: str,
    tests: list[str],
    examples: list[dict],
    body: dict | list | str | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    auth: dict | None = None,
    prerequest: str | None = None,
) -> dict:
    """Build one request item. With `auth` None it sends the collection's bearer token."""
    request_headers = [{"key": key, "value": value} for key, value in (headers or {}).items()]
    http_request: dict = {"method": method, "header": request_headers}
    if body is not None:
        request_headers.insert(0, dict(JSON_HEADER))
        http_request["body"] = {
            "mode": "raw",
            "raw": body_text(body),
            "options": {"raw": {"language": "json"}},
        }
    http_request["url"] = url(path, query)
    if auth is not None:
        http_request["auth"] = auth

    saved_examples = []
    for response in examples:
        saved = {"id": stable_id(name, response["name"]), **response}
        saved["originalRequest"] = copy.deepcopy(http_request)
        saved_examples.append(saved)

    events = []
    if prerequest:
        events.append(script("prerequest", prerequest))
    events.append(script("test", js(*tests)))

    return {
        "id": stable_id(name),
        "name": name,
        "event": events,
        "request": {**http_request, "description": description},
        "response": saved_examples,
    }


def folder(name: str, description: str, items: list[dict]) -> dict:
    return {
        "id": stable_id("folder", name),
        "name": name,
        "description": description,
        "item": items,
    }
