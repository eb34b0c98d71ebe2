"""Swagger UI and the admin work in Chromium under the strict Content-Security-Policy.

The `shop` fixture fails a test on any console error, and Chromium reports
each blocked inline script or style as one.
"""

import pytest
from playwright.sync_api import expect

from shop.accounts.models import User

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "Admin-password-for-csp-check-1"


def test_swagger_ui_renders_every_operation(shop):
    shop.open("/api/docs/")

    operations = shop.page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 10


def test_admin_sign_in_and_product_form_work(shop, db):
    User.objects.create_superuser(email="admin@example.com", password=ADMIN_PASSWORD)
    page = shop.page

    shop.open("/admin/login/")
    page.locator("#id_username").fill("admin@example.com")
    page.locator("#id_password").fill(ADMIN_PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    shop.open("/admin/catalog/product/add/")
    expect(page.locator("#id_sku")).to_be_visible()
