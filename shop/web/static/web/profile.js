// The profile page: personal details, and setting or changing the password.

import { NetworkError, errorsOf, request, storeTokenPair } from "./api.js";
import { $, clearFormErrors, showFormErrors, showFormSuccess } from "./dom.js";

const EDITABLE_FIELDS = ["first_name", "last_name", "phone_number", "address"];

function fillProfile(profile) {
  const form = $("profile-form");
  for (const name of EDITABLE_FIELDS) {
    form.elements[name].value = profile[name] || "";
  }
  $("profile-email").textContent = profile.email;
  $("profile-google").hidden = !profile.google_linked;

  const hasPassword = profile.has_password;
  $("password-title").textContent = hasPassword ? "Change password" : "Set a password";
  $("password-submit").textContent = hasPassword ? "Change password" : "Set password";
  $("password-none").hidden = hasPassword;
  $("current-password-field").hidden = !hasPassword;
}

// Run `send` for `form`, showing a network failure as a form error.
async function submitting(form, send) {
  clearFormErrors(form);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await send();
  } catch (error) {
    if (!(error instanceof NetworkError)) {
      throw error;
    }
    showFormErrors(form, [{ attr: null, detail: error.message }]);
  } finally {
    button.disabled = false;
  }
}

async function saveProfile() {
  const form = $("profile-form");
  const body = Object.fromEntries(EDITABLE_FIELDS.map((name) => [name, form.elements[name].value.trim()]));
  const result = await request("/api/profile", { method: "PATCH", body });
  if (!result.ok) {
    showFormErrors(form, errorsOf(result));
    return;
  }
  fillProfile(result.data);
  showFormSuccess(form, "Profile saved.");
}

async function savePassword() {
  const form = $("password-form");
  const hadPassword = !$("current-password-field").hidden;
  const body = { new_password: form.elements.new_password.value };
  if (hadPassword) {
    body.current_password = form.elements.current_password.value;
  }
  const result = await request("/api/profile/password", { method: "POST", body });
  if (!result.ok) {
    showFormErrors(form, errorsOf(result));
    return;
  }

  // Every older token is now revoked, and the response contains the new pair.
  storeTokenPair(result.data);
  form.reset();
  fillProfile(result.data.user);
  showFormSuccess(form, hadPassword ? "Password changed." : "Password set. You can now also sign in with your email and password.");
}

export function setUpProfile(onUnexpected) {
  const profileForm = $("profile-form");
  profileForm.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(profileForm, saveProfile).catch(onUnexpected);
  });

  const passwordForm = $("password-form");
  passwordForm.addEventListener("submit", (event) => {
    event.preventDefault();
    submitting(passwordForm, savePassword).catch(onUnexpected);
  });
}

export async function showProfile() {
  clearFormErrors($("profile-form"));
  clearFormErrors($("password-form"));
  $("password-form").reset();
  const result = await request("/api/profile");
  if (!result.ok) {
    showFormErrors($("profile-form"), errorsOf(result));
    return;
  }
  fillProfile(result.data);
}
