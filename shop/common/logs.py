"""Log formatting: the `extra=` fields of a record as key=value pairs or as JSON.

Code logs a constant message and puts ids in `extra=`, for example
`logger.warning("failed login", extra={"event": "login_failed", "user_id": 7})`.
`KeyValueFormatter` prints that as

    2026-12-04 10:00:00,000 WARNING shop.accounts.services failed login
    event=login_failed user_id=7 request_id=5f0c... client_address=203.0.113.9

on one line, and `JsonFormatter` (LOG_FORMAT=json) as one JSON object per line.
"""

import json
import logging
import re
from datetime import UTC, datetime

from .request_context import client_address_var, request_id_var

# Attributes that every LogRecord has; everything else came from `extra=` or a filter.
_STANDARD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}

# Django's request logger passes the request object itself; its repr adds
# nothing that the request id does not already link.
_SKIPPED_EXTRAS = frozenset({"request"})

# Defence in depth: a field with one of these names never reaches the log,
# even if a caller passes one by mistake.
REDACTED_KEYS = frozenset(
    {"password", "token", "access", "refresh", "id_token", "authorization", "secret", "cookie"}
)
REDACTED = "[redacted]"

# A value with spaces, quotes, "=" or control characters is quoted as a JSON
# string, which escapes line breaks so one record stays one line.
_NEEDS_QUOTES = re.compile(r'[\s"=\\]|[\x00-\x1f\x7f]')


class RequestContextFilter(logging.Filter):
    """Add the current request's id and client address to every record logged during it."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        client_address = client_address_var.get()
        if client_address is not None and not hasattr(record, "client_address"):
            record.client_address = client_address
        return True


def extra_fields(record: logging.LogRecord) -> dict[str, object]:
    """Return the record's `extra=` fields in the order they were added, secrets redacted."""
    fields = {}
    for key, value in record.__dict__.items():
        if key in _STANDARD_ATTRIBUTES or key in _SKIPPED_EXTRAS or key.startswith("_"):
            continue
        fields[key] = REDACTED if key.lower() in REDACTED_KEYS else value
    return fields


def _format_value(value: object) -> str:
    text = "null" if value is None else str(value)
    if text == "" or _NEEDS_QUOTES.search(text):
        return json.dumps(text)
    return text


class KeyValueFormatter(logging.Formatter):
    """Plain text line followed by each extra field as key=value."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = extra_fields(record)
        pairs = " ".join(f"{key}={_format_value(value)}" for key, value in fields.items())
        if not pairs:
            return line
        # The traceback, if any, follows the first line; keep the pairs on that line.
        first, newline, rest = line.partition("\n")
        return f"{first} {pairs}{newline}{rest}"


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, extra fields, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in extra_fields(record).items():
            body.setdefault(key, value)
        if record.exc_info:
            body["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(body, default=str)
