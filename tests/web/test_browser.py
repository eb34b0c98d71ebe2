"""End-to-end flows of the browser client at `/`, in headless Chromium."""

import re
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken

from shop.accounts.models import User
from shop.accounts.tokens import revoke_all_tokens
from shop.catalog.models import Product
from shop.orders.models import Order
from tests.factories import DEFAULT_PASSWORD, ProductFactory, UserFactory

pytestmark = pytest.mark.browser

NEW_PASSWORD = "another-Long-passphrase-77"


def sign_in(shop, email: str, password: str) -> None:
    shop.open()
    page = shop.page
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def product_card(page, name: str):
    return page.locator("#product-list > li").filter(
        has=page.get_by_role("heading", name=name, exact=True)
    )


# Visible controls with no accessible name from a label, aria-label or text.
UNLABELLED_CONTROLS = """
() => [...document.querySelectorAll("input, textarea, select, button, a[href]")]
  .filter((element) => element.offsetParent !== null)
  .filter((element) => !(element.labels && element.labels.length)
    && !element.getAttribute("aria-label")
    && !element.textContent.trim())
  .map((element) => element.outerHTML)
"""


def assert_controls_labelled(page) -> None:
    assert page.evaluate(UNLABELLED_CONTROLS) == []


def set_quantity(page, name: str, quantity: int) -> None:
    page.get_by_label(f"Quantity of {name}", exact=True).fill(str(quantity))


def test_password_sign_in_and_sign_out(shop):
    page = shop.page
    shop.open()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_controls_labelled(page)
    expect(page.get_by_role("link", name="Continue with Google")).to_have_attribute(
        "href", "/auth/google/login"
    )

    sign_in(shop, " New.Buyer@Example.com ", DEFAULT_PASSWORD)

    expect(page.get_by_role("status").first).to_have_text(
        "Welcome! Your account for new.buyer@example.com was just created."
    )
    expect(page.get_by_role("heading", name="Products")).to_be_visible()
    user = User.objects.get(email="new.buyer@example.com")
    assert user.check_password(DEFAULT_PASSWORD)

    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('shop.refreshToken')") is None
    not_revoked = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    assert not_revoked.count() == 0

    sign_in(shop, "new.buyer@example.com", "not-the-password")

    expect(page.get_by_role("alert").filter(has_text="Wrong email or password")).to_be_visible()
    shop.screenshot("signin")

    sign_in(shop, "new.buyer@example.com", DEFAULT_PASSWORD)

    expect(page.get_by_text("Signed in as new.buyer@example.com.")).to_be_visible()
    expect(page.get_by_role("heading", name="Products")).to_be_visible()
    assert User.objects.filter(email="new.buyer@example.com").count() == 1


def test_new_account_with_weak_password_shows_field_error(shop):
    sign_in(shop, "weak@example.com", "12345")

    error = shop.page.locator("#signin-password-error")
    expect(error).to_contain_text("too short")
    expect(shop.page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
    assert not User.objects.filter(email="weak@example.com").exists()


def test_products_show_price_stock_pages_and_search(shop):
    user = UserFactory()
    ProductFactory(name="Blue mug", sku="MUG-BLUE", price=Decimal("12.50"), stock=40)
    ProductFactory(name="Sold-out mug", sku="MUG-GONE", stock=0)
    for number in range(13):
        ProductFactory(name=f"Tea {number:02d}", description="Loose-leaf tea.")
    page = shop.page

    sign_in(shop, user.email, DEFAULT_PASSWORD)

    blue_mug = product_card(page, "Blue mug")
    expect(blue_mug.locator(".price")).to_have_text(re.compile(r"^USD\s12\.50$"))
    expect(blue_mug.locator(".stock")).to_have_text("40 in stock")
    expect(page.locator("#products-summary")).to_have_text("14 products available.")
    expect(page.locator("#product-list > li")).to_have_count(12)
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    expect(product_card(page, "Sold-out mug")).to_have_count(0)
    assert_controls_labelled(page)
    shop.screenshot("products")

    page.get_by_role("button", name="Next page").click()

    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page.locator("#product-list > li")).to_have_count(2)
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()

    page.get_by_label("Search products").fill("mug")
    page.get_by_role("button", name="Search").click()

    expect(page.locator("#products-summary")).to_have_text("1 product match “mug”.")
    expect(page.locator("#product-list > li")).to_have_count(1)
    expect(product_card(page, "Blue mug")).to_be_visible()
    expect(page.locator(".pager").first).to_be_hidden()


def test_order_is_placed_shown_and_listed_in_history(shop):
    user = UserFactory()
    ProductFactory(name="Blue mug", sku="MUG-BLUE", price=Decimal("12.50"), stock=40)
    ProductFactory(name="Green tea", sku="TEA-GREEN", price=Decimal("8.75"), stock=5)
    page = shop.page
    sign_in(shop, user.email, DEFAULT_PASSWORD)

    set_quantity(page, "Blue mug", 2)
    set_quantity(page, "Green tea", 1)

    basket = page.locator("#basket")
    expect(basket.locator(".basket-line")).to_have_count(2)
    expect(basket.locator("#basket-total")).to_have_text(
        re.compile(r"^Estimated total: USD\s33\.75$")
    )

    page.get_by_role("button", name="Place order").click()

    result = page.locator("#order-result")
    expect(result.get_by_role("heading", name=re.compile(r"^Order #\d+ placed$"))).to_be_visible()
    order = Order.objects.get(user=user)
    expect(result.get_by_role("heading")).to_have_text(f"Order #{order.pk} placed")
    expect(result.locator(".order-total")).to_have_text(re.compile(r"^USD\s33\.75$"))
    expect(result.locator("tbody tr")).to_have_count(2)
    expect(product_card(page, "Blue mug").locator(".stock")).to_have_text("38 in stock")
    expect(product_card(page, "Green tea").locator(".stock")).to_have_text("4 in stock")
    expect(basket.locator(".basket-line")).to_have_count(0)
    expect(page.get_by_role("button", name="Place order")).to_be_disabled()
    assert order.total == Decimal("33.75")
    assert Product.objects.get(sku="MUG-BLUE").stock == 38
    shop.screenshot("order-placed")

    page.get_by_role("link", name="Orders").click()

    history = page.locator("#order-list")
    expect(page.get_by_role("heading", name="Your orders")).to_be_visible()
    expect(history.get_by_role("heading", name=f"Order #{order.pk}")).to_be_visible()
    expect(history.locator("tbody tr").first).to_contain_text("Blue mug")
    expect(history.locator("tbody tr").nth(1)).to_contain_text("Green tea")
    expect(history.locator(".order-total")).to_have_text(re.compile(r"^USD\s33\.75$"))
    assert_controls_labelled(page)
    shop.screenshot("orders")


def test_too_large_quantity_shows_error_next_to_product(shop):
    user = UserFactory()
    ProductFactory(name="Blue mug", price=Decimal("12.50"), stock=3)
    ProductFactory(name="Green tea", price=Decimal("8.75"), stock=10)
    page = shop.page
    sign_in(shop, user.email, DEFAULT_PASSWORD)
    expect(product_card(page, "Blue mug").locator(".stock")).to_have_text("3 in stock")

    # Someone else buys one while this page still shows 3.
    Product.objects.filter(name="Blue mug").update(stock=2)
    set_quantity(page, "Green tea", 1)
    set_quantity(page, "Blue mug", 5)
    page.get_by_role("button", name="Place order").click()

    mug_error = product_card(page, "Blue mug").locator(".field-error")
    expect(mug_error).to_have_text('Only 2 of "Blue mug" left; 5 requested.')
    expect(page.get_by_label("Quantity of Blue mug")).to_have_attribute("aria-invalid", "true")
    expect(product_card(page, "Green tea").locator(".field-error")).to_be_hidden()
    mug_line = page.locator("#basket .basket-line").filter(has_text="Blue mug")
    expect(mug_line.locator(".field-error")).to_have_text('Only 2 of "Blue mug" left; 5 requested.')
    expect(page.locator("#basket-error")).to_contain_text("Nothing was ordered.")
    expect(product_card(page, "Blue mug").locator(".stock")).to_have_text("2 in stock")
    assert Order.objects.count() == 0
    assert Product.objects.get(name="Green tea").stock == 10
    shop.screenshot("order-error")

    set_quantity(page, "Blue mug", 2)

    expect(mug_error).to_be_hidden()
    page.get_by_role("button", name="Place order").click()
    expect(page.locator("#order-result")).to_contain_text("placed")
    assert Order.objects.count() == 1
    assert Product.objects.get(name="Blue mug").stock == 0


def test_profile_rejects_invalid_phone_and_saves_valid(shop):
    user = UserFactory(first_name="Ann", last_name="Lee")
    page = shop.page
    sign_in(shop, user.email, DEFAULT_PASSWORD)
    page.get_by_role("link", name="Profile").click()
    expect(page.get_by_label("First name")).to_have_value("Ann")
    assert_controls_labelled(page)

    page.get_by_label("Last name").fill("Lee-Smith")
    page.get_by_label("Phone number").fill("12345")
    page.get_by_role("button", name="Save profile").click()

    expect(page.locator("#profile-phone-error")).to_contain_text("phone number")
    expect(page.get_by_label("Phone number")).to_have_attribute("aria-invalid", "true")
    user.refresh_from_db()
    assert user.last_name == "Lee"
    shop.screenshot("profile-error")

    page.get_by_label("Phone number").fill("+1 415 555 0123")
    page.get_by_label("Address").fill("1 Market St\nSan Francisco")
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_text("Profile saved.")).to_be_visible()
    expect(page.get_by_label("Phone number")).to_have_value("+14155550123")
    expect(page.locator("#profile-phone-error")).to_be_hidden()
    user.refresh_from_db()
    assert str(user.phone_number) == "+14155550123"
    assert user.last_name == "Lee-Smith"
    assert user.address == "1 Market St\nSan Francisco"
    shop.screenshot("profile")


def test_password_change_keeps_user_signed_in(shop):
    user = UserFactory()
    page = shop.page
    sign_in(shop, user.email, DEFAULT_PASSWORD)
    page.get_by_role("link", name="Profile").click()

    page.get_by_label("Current password").fill("not-the-password")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()

    expect(page.locator("#current-password-error")).to_be_visible()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)

    page.get_by_label("Current password").fill(DEFAULT_PASSWORD)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()

    expect(page.get_by_text("Password changed.")).to_be_visible()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    # The new token pair replaced the revoked one, so the user stays signed in.
    page.get_by_role("link", name="Orders").click()
    expect(page.get_by_text("You have not placed any orders yet.")).to_be_visible()


def test_expired_token_renewed_revoked_signs_out(shop, monkeypatch):
    user = UserFactory()
    page = shop.page
    statuses = []
    page.on("response", lambda response: statuses.append((response.url, response.status)))

    # Sign in with a real two-second access token, which the server rejects
    # once it has expired; tokens issued later last as long as usual. `exp` is
    # in whole seconds, so a shorter lifetime could expire at once.
    with monkeypatch.context() as patch:
        patch.setattr(AccessToken, "lifetime", timedelta(seconds=2))
        sign_in(shop, user.email, DEFAULT_PASSWORD)
        expect(page.get_by_text("No products are available right now.")).to_be_visible()
    time.sleep(2.2)
    page.get_by_role("link", name="Orders").click()

    expect(page.get_by_text("You have not placed any orders yet.")).to_be_visible()
    paths = [(url.removeprefix(shop.url).split("?")[0], status) for url, status in statuses]
    rejected = [index for index, (path, status) in enumerate(paths) if status == 401]
    assert rejected, paths
    assert paths[rejected[0] + 1] == ("/api/auth/refresh", 200), paths
    assert ("/api/orders", 200) in paths

    page.reload()

    expect(page.get_by_role("heading", name="Your orders")).to_be_visible()

    revoke_all_tokens(user)
    page.get_by_role("link", name="Profile").click()

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Your session has ended. Please sign in again.")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('shop.refreshToken')") is None
