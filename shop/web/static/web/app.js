// Entry point: startup, hash routing (#/products, #/orders, #/profile,
// #/signin), the navigation bar and sign-out.

import { NetworkError, SessionEnded, hasSession, onSessionEnded, pickUpGoogleSignIn, resumeSession, signOut } from "./api.js";
import { clearBasket, loadBasket } from "./basket.js";
import { $, showText } from "./dom.js";
import { setUpOrders, showOrders } from "./orders.js";
import { setUpProducts, showProducts } from "./products.js";
import { setUpProfile, showProfile } from "./profile.js";
import { googleErrorMessage, setUpSignIn, showSignIn, showSignInError } from "./signin.js";

const ROUTES = {
  signin: { view: "view-signin", title: "Sign in", show: async () => showSignIn() },
  products: { view: "view-products", title: "Products", show: showProducts },
  orders: { view: "view-orders", title: "Your orders", show: showOrders },
  profile: { view: "view-profile", title: "Profile", show: showProfile },
};
const DEFAULT_ROUTE = "products";

// A notice survives the one route change that follows it (a sign-in moving
// to the products page, say) and is cleared by the next.
let keepNoticeOnce = false;
let started = false;

function notify(text, { keepOnce = false } = {}) {
  showText($("notice"), text);
  keepNoticeOnce = keepOnce;
}

function parseHash() {
  const [path, query = ""] = window.location.hash.replace(/^#\/?/, "").split("?");
  return { name: path, params: new URLSearchParams(query) };
}

function reportUnexpected(error) {
  if (error instanceof SessionEnded) {
    return;
  }
  notify(error instanceof NetworkError ? error.message : "Something went wrong. Reload the page and try again.");
  if (!(error instanceof NetworkError)) {
    console.error(error);
  }
}

function showView(name) {
  const route = ROUTES[name];
  for (const { view } of Object.values(ROUTES)) {
    $(view).hidden = view !== route.view;
  }
  $("loading").hidden = true;
  $("main-nav").hidden = name === "signin";
  for (const link of document.querySelectorAll("#main-nav a[data-route]")) {
    if (link.dataset.route === name) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  document.title = `${route.title} · Shop`;
}

// Show the page that the hash names; signed-out users only see sign-in.
async function render() {
  let { name, params } = parseHash();
  if (!hasSession()) {
    name = "signin";
  } else if (!Object.hasOwn(ROUTES, name) || name === "signin") {
    name = DEFAULT_ROUTE;
  }

  const wasVisible = !$(ROUTES[name].view).hidden;
  showView(name);
  if (!wasVisible) {
    $(ROUTES[name].view).querySelector("h1").focus();
  }
  await ROUTES[name].show(params);
}

function navigate(hash) {
  if (window.location.hash === hash) {
    keepNoticeOnce = false;
    render().catch(reportUnexpected);
  } else {
    window.location.hash = hash;
  }
}

function announceSignIn(pair, methodSuffix) {
  showSignInError("");
  if (pair.created) {
    notify(`Welcome! Your account for ${pair.user.email} was just created${methodSuffix}.`, { keepOnce: true });
  } else {
    notify(`Signed in as ${pair.user.email}.`, { keepOnce: true });
  }
}

async function signOutClicked() {
  await signOut();
  clearBasket();
  showSignInError("");
  notify("You are signed out.", { keepOnce: true });
  navigate("#/signin");
}

// Finish a Google sign-in, or report its failure, from the query string that
// the callback redirected to, then remove the query from the address bar.
// Returns true when the user is now signed in.
async function finishGoogleRedirect() {
  const query = new URLSearchParams(window.location.search);
  if (!query.has("signin") && !query.has("signin_error")) {
    return false;
  }
  window.history.replaceState(null, "", window.location.pathname + window.location.hash);

  if (query.has("signin_error")) {
    showSignInError(googleErrorMessage(query.get("signin_error")));
    return false;
  }
  if (query.get("signin") !== "google") {
    return false;
  }
  const result = await pickUpGoogleSignIn();
  if (!result.ok) {
    const errors = result.data && Array.isArray(result.data.errors) ? result.data.errors : [];
    showSignInError(googleErrorMessage(errors.length > 0 ? errors[0].code : ""));
    return false;
  }
  announceSignIn(result.data, " with Google");
  window.history.replaceState(null, "", `${window.location.pathname}#/products`);
  return true;
}

async function start() {
  loadBasket();
  setUpSignIn((pair) => {
    announceSignIn(pair, "");
    navigate("#/products");
  });
  setUpProducts();
  setUpOrders();
  setUpProfile(reportUnexpected);

  onSessionEnded(() => {
    clearBasket();
    showSignInError("Your session has ended. Please sign in again.");
    if (started) {
      navigate("#/signin");
    }
  });
  $("sign-out").addEventListener("click", () => {
    signOutClicked().catch(reportUnexpected);
  });
  window.addEventListener("hashchange", () => {
    if (!keepNoticeOnce) {
      notify("");
    }
    keepNoticeOnce = false;
    render().catch(reportUnexpected);
  });

  try {
    const signedInWithGoogle = await finishGoogleRedirect();
    if (!signedInWithGoogle && hasSession()) {
      await resumeSession();
    }
  } catch (error) {
    reportUnexpected(error);
  }
  started = true;
  await render();
}

start().catch(reportUnexpected);
