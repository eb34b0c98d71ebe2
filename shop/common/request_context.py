"""Per-request context for logs: a request id and the client's address.

`RequestContextMiddleware` stores both in context variables for the length of
a request, so `shop.common.logs.RequestContextFilter` can add them to every log
line written while the request runs, whichever module writes it.
"""

import ipaddress
import re
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"

# An incoming id is reused only when it is short and made of characters that
# cannot break a log line or a header; anything else is replaced.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
client_address_var: ContextVar[str | None] = ContextVar("client_address", default=None)


def get_client_address(request: HttpRequest) -> str:
    """Return the address of the client that sent `request`.

    REMOTE_ADDR is the client unless settings.TRUSTED_PROXY_COUNT says that
    many proxies stand in front of the app. Each proxy appends the address it
    received the request from to X-Forwarded-For, so the client is the entry
    that the outermost trusted proxy appended, counted from the right. Entries
    further left were written by the client and are never trusted. A value
    that is not an IP address falls back to REMOTE_ADDR.
    """
    remote_address = request.META.get("REMOTE_ADDR", "")
    proxy_count = settings.TRUSTED_PROXY_COUNT
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxy_count <= 0 or not forwarded_for:
        return remote_address

    hops = [hop.strip() for hop in forwarded_for.split(",")]
    candidate = hops[-min(proxy_count, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_address


def _request_id_from(request: HttpRequest) -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if _SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Give every request an id, log it on every line, and return it in X-Request-ID.

    Put it first in MIDDLEWARE so that lines logged by the other middleware
    carry the id too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = _request_id_from(request)
        request.client_address = get_client_address(request)
        request_id_token = request_id_var.set(request.request_id)
        address_token = client_address_var.set(request.client_address)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(request_id_token)
            client_address_var.reset(address_token)

        response[REQUEST_ID_HEADER] = request.request_id
        return response
