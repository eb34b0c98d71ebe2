"""Sign-in with Google in the browser client, through the stand-in provider."""

import pytest
from playwright.sync_api import expect

from shop.accounts.models import ExternalIdentity, User

pytestmark = pytest.mark.browser


def test_google_sign_in_and_denied_consent(shop, oidc_provider):
    oidc_provider.set_identity(sub="google-sub-1", email="gina@example.com", name="Gina Lopez")
    page = shop.page
    shop.open()

    page.get_by_role("link", name="Continue with Google").click()

    welcome = "Welcome! Your account for gina@example.com was just created with Google."
    expect(page.get_by_text(welcome)).to_be_visible()
    expect(page.get_by_role("heading", name="Products")).to_be_visible()
    assert page.url == f"{shop.url}/#/products"
    identity = ExternalIdentity.objects.get(subject="google-sub-1")
    assert identity.user.email == "gina@example.com"

    page.get_by_role("link", name="Profile").click()

    expect(page.get_by_text("(linked to Google)")).to_be_visible()
    expect(page.get_by_role("heading", name="Set a password")).to_be_visible()
    expect(page.get_by_label("Current password")).to_be_hidden()

    page.get_by_role("button", name="Sign out").click()
    oidc_provider.deny_access()
    page.get_by_role("link", name="Continue with Google").click()

    cancelled = page.get_by_role("alert").filter(has_text="Google sign-in was cancelled.")
    expect(cancelled).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "signin_error" not in page.url
    assert page.evaluate("sessionStorage.getItem('shop.refreshToken')") is None
    shop.screenshot("signin-google-error")

    oidc_provider.deny_access(False)
    page.get_by_role("link", name="Continue with Google").click()

    expect(page.get_by_text("Signed in as gina@example.com.")).to_be_visible()
    assert User.objects.filter(email="gina@example.com").count() == 1
