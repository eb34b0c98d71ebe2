"""schemathesis hooks for .ci/fuzz.sh: the contract's error shape on every 4xx and 5xx.

Loaded through SCHEMATHESIS_HOOKS. Every error response must be JSON of the form
{"type": ..., "errors": [{"code": str, "detail": str, "attr": str | null}, ...]}
with `type` matching the status: validation_error or client_error for 400,
client_error for the other 4xx, server_error for 5xx. The exception is the
414 and 431 pages that gunicorn itself sends for an oversized request line or
header, which never reach the app.
"""

import schemathesis

# gunicorn rejects a request line or header field over its size limit itself,
# with a short HTML page, before Django sees the request.
HTTP_SERVER_STATUSES = {414, 431}


def _expected_types(status: int) -> set[str]:
    if status == 400:
        return {"validation_error", "client_error"}
    if status < 500:
        return {"client_error"}
    return {"server_error"}


def _shape_problems(status: int, body: object) -> list[str]:
    if not isinstance(body, dict) or set(body) != {"type", "errors"}:
        return [f"body must be an object with exactly 'type' and 'errors', got {body!r:.200}"]

    problems = []
    if body["type"] not in _expected_types(status):
        problems.append(f"type {body['type']!r} does not fit status {status}")
    errors = body["errors"]
    if not isinstance(errors, list) or not errors:
        return [*problems, "errors must be a non-empty list"]
    for index, error in enumerate(errors):
        if not isinstance(error, dict) or set(error) != {"code", "detail", "attr"}:
            problems.append(f"errors[{index}] must have exactly code, detail and attr")
            continue
        if not isinstance(error["code"], str) or not isinstance(error["detail"], str):
            problems.append(f"errors[{index}]: code and detail must be strings")
        if error["attr"] is not None and not isinstance(error["attr"], str):
            problems.append(f"errors[{index}]: attr must be a string or null")
    return problems


@schemathesis.check
def contract_error_shape(ctx, response, case):
    """Fail when a 4xx or 5xx response does not have the contract's error body."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    if response.status_code in HTTP_SERVER_STATUSES and content_type.startswith("text/html"):
        return None
    if not content_type.startswith("application/json"):
        raise AssertionError(
            f"{response.status_code} response is {content_type or 'untyped'}, not JSON"
        )
    problems = _shape_problems(response.status_code, response.json())
    if problems:
        raise AssertionError("; ".join(problems))
    return None
