"""Fixtures for the browser client's end-to-end tests in headless Chromium.

Each test gets Debian's Chromium with a fresh profile, pointed at a live
Django server. Set SHOP_SCREENSHOT_DIR to save screenshots of the pages that
the tests visit, at a desktop and at a phone-sized viewport.
"""

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

from tests.conftest import skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000
REQUEST_THREAD_TIMEOUT = 5.0  # seconds

# The policy the shop's pages are served with. The client page gets it here
# too when the server sends none, so that an inline script or style fails
# these tests whatever the server's settings are.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)

# Chromium logs every 4xx response to fetch() as a console error, and the
# client gets those on purpose (a wrong password, a rejected order, an expired token).
EXPECTED_CONSOLE_ERROR = "Failed to load resource: the server responded with a status of 4"


@dataclass
class Shop:
    """The browser page and the live server it talks to."""

    page: object
    url: str
    console_errors: list[str] = field(default_factory=list)

    def open(self, path: str = "/") -> None:
        self.page.goto(self.url + path)

    def screenshot(self, name: str) -> None:
        """Save `<name>-desktop.png` and `<name>-phone.png` when SHOP_SCREENSHOT_DIR is set."""
        directory = os.environ.get("SHOP_SCREENSHOT_DIR")
        if not directory:
            return
        Path(directory).mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=Path(directory) / f"{name}-desktop.png", full_page=True)
        self.page.set_viewport_size(PHONE)
        self.page.screenshot(path=Path(directory) / f"{name}-phone.png", full_page=True)
        self.page.set_viewport_size(DESKTOP)


def _wait_for_request_threads() -> None:
    """Wait until the live server has closed the browser's connections.

    Each keep-alive connection has a thread that keeps its database
    connection open until the socket closes. Dropping the PostgreSQL test
    database while one is open fails.
    """
    deadline = time.monotonic() + REQUEST_THREAD_TIMEOUT
    for thread in threading.enumerate():
        # socketserver names these threads "Thread-N (process_request_thread)".
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=max(0.0, deadline - time.monotonic()))


def _add_policy_if_missing(route) -> None:
    response = route.fetch()
    headers = {name.lower(): value for name, value in response.headers.items()}
    headers.setdefault("content-security-policy", STRICT_CSP)
    route.fulfill(response=response, headers=headers)


@pytest.fixture
def shop(live_server, monkeypatch, tmp_path):
    """A Chromium page with a fresh profile; fails the test on a script error."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing; install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop marked as running in this
    # thread, so Django would refuse the test's own ORM calls without this.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            viewport=DESKTOP,
            locale="en-US",
            timezone_id="UTC",
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.pages[0] if context.pages else context.new_page()
        shop = Shop(page=page, url=live_server.url)

        def record(message) -> None:
            if message.type == "error" and not message.text.startswith(EXPECTED_CONSOLE_ERROR):
                shop.console_errors.append(message.text)

        page.on("console", record)
        page.on("pageerror", lambda error: shop.console_errors.append(str(error)))
        page.route(
            lambda url: url.startswith(live_server.url) and urlsplit(url).path == "/",
            _add_policy_if_missing,
        )
        try:
            yield shop
        finally:
            context.close()
            _wait_for_request_threads()
            # The test's ORM calls ran beside Playwright's event loop, where
            # asgiref gives them connections that pytest-django does not close.
            connections.close_all()

    assert shop.console_errors == [], "the page logged errors (CSP violations included)"
