// The sign-in page: email and password, or Google through a full-page redirect.

import { NetworkError, errorsOf, signInWithPassword } from "./api.js";
import { $, clearFormErrors, showFormErrors, showText } from "./dom.js";

// Sentences for the codes that the Google callback puts in `?signin_error=`.
const GOOGLE_ERRORS = {
  access_denied: "Google sign-in was cancelled. Try again, or sign in with your email and password.",
  invalid_state: "The Google sign-in expired or was started in another tab. Please try again.",
  invalid_token: "Google's answer could not be verified, so nobody was signed in. Please try again.",
  email_not_verified: "Your Google account's email address is not verified. Verify it with Google, or sign in with a password.",
  account_inactive: "This account is deactivated. Contact the shop for help.",
  not_configured: "Sign-in with Google is not set up on this shop. Sign in with your email and password instead.",
  provider_error: "Google could not be reached or reported an error. Please try again later.",
  no_pending_sign_in: "The Google sign-in could not be completed. Please try again.",
  csrf_failed: "This page was out of date when the Google sign-in finished. Please try again.",
};
const GOOGLE_ERROR_FALLBACK = "Sign-in with Google failed. Please try again.";

export function googleErrorMessage(code) {
  return Object.hasOwn(GOOGLE_ERRORS, code) ? GOOGLE_ERRORS[code] : GOOGLE_ERROR_FALLBACK;
}

export function showSignInError(text) {
  showText($("signin-error"), text);
}

function retryAfterText(result) {
  const seconds = Number(result.headers.get("Retry-After"));
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return "later";
  }
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "in a minute" : `in ${minutes} minutes`;
}

function loginErrors(result) {
  if (result.status === 401) {
    return [{ attr: null, detail: "Wrong email or password. If you signed up with Google, use Continue with Google." }];
  }
  if (result.status === 429) {
    return [{ attr: null, detail: `Too many failed sign-in attempts. Try again ${retryAfterText(result)}.` }];
  }
  return errorsOf(result);
}

// `onSignedIn(pair)` receives the login response body, whose `created` flag
// is true when the account is new.
export function setUpSignIn(onSignedIn) {
  const form = $("signin-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    showSignInError("");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;

    try {
      const email = form.elements.email.value.trim();
      const result = await signInWithPassword(email, form.elements.password.value);
      if (result.ok) {
        form.reset();
        onSignedIn(result.data);
      } else {
        showFormErrors(form, loginErrors(result));
      }
    } catch (error) {
      if (!(error instanceof NetworkError)) {
        throw error;
      }
      showFormErrors(form, [{ attr: null, detail: error.message }]);
    } finally {
      button.disabled = false;
    }
  });
}

export function showSignIn() {
  $("signin-email").focus();
}
