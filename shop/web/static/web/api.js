// Calls to the shop's public JSON API, with the token pair kept here.
//
// Where the tokens live, and why:
// - The access token lives only in this module's memory. No other page and
//   no later visit can read it, and it is gone when the tab is reloaded or
//   closed. Its short lifetime limits what a stolen copy is worth.
// - The refresh token lives in sessionStorage, so a reload of this tab signs
//   the user back in without asking again. sessionStorage belongs to one tab
//   and is cleared when that tab closes, unlike localStorage, which would keep
//   the token on disk across browser restarts. The cost: any script running
//   on this origin (an XSS hole) can read it, as it could read memory. An
//   HttpOnly cookie would hide it from scripts, but the API takes the refresh
//   token in a JSON body, and a cookie would also need CSRF protection.
//   Refresh tokens rotate on every use, so a stolen one stops working as soon
//   as either holder refreshes.
// - No token ever goes into a URL.

const REFRESH_TOKEN_KEY = "shop.refreshToken";

let accessToken = null;
let renewal = null;
const sessionEndedListeners = [];

// The request got no usable response because the connection or the server failed.
export class NetworkError extends Error {
  constructor(message = "Could not reach the shop. Check your connection and try again.") {
    super(message);
    this.name = "NetworkError";
  }
}

// Thrown when the session cannot be renewed, after the onSessionEnded listeners ran.
export class SessionEnded extends Error {
  constructor() {
    super("Your session has ended. Please sign in again.");
    this.name = "SessionEnded";
  }
}

export function onSessionEnded(listener) {
  sessionEndedListeners.push(listener);
}

export function storeTokenPair(pair) {
  accessToken = pair.access;
  sessionStorage.setItem(REFRESH_TOKEN_KEY, pair.refresh);
}

export function clearTokens() {
  accessToken = null;
  sessionStorage.removeItem(REFRESH_TOKEN_KEY);
}

export function hasSession() {
  return accessToken !== null || sessionStorage.getItem(REFRESH_TOKEN_KEY) !== null;
}

function endSession() {
  clearTokens();
  for (const listener of sessionEndedListeners) {
    listener();
  }
  return new SessionEnded();
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

async function readBody(response) {
  const type = response.headers.get("Content-Type") || "";
  if (response.status === 204 || !type.includes("json")) {
    return null;
  }
  try {
    return await response.json();
  } catch {
    return null;
  }
}

// Send one request. `body` may be a function so that a retry after a token
// renewal reads the refresh token current at that moment (sign-out needs it).
async function send(path, { method = "GET", body, headers = {}, authenticated = true } = {}) {
  const init = {
    method,
    headers: { Accept: "application/json", ...headers },
    credentials: "same-origin",
    cache: "no-store",
  };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(typeof body === "function" ? body() : body);
  }
  if (authenticated && accessToken !== null) {
    init.headers.Authorization = `Bearer ${accessToken}`;
  }

  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new NetworkError();
  }
  return { status: response.status, ok: response.ok, headers: response.headers, data: await readBody(response) };
}

async function refreshTokenPair() {
  const refresh = sessionStorage.getItem(REFRESH_TOKEN_KEY);
  if (refresh === null) {
    throw endSession();
  }
  const result = await send("/api/auth/refresh", {
    method: "POST",
    body: { refresh },
    authenticated: false,
  });
  if (result.status === 400 || result.status === 401) {
    throw endSession();
  }
  if (!result.ok) {
    throw new NetworkError(`The shop failed to renew your session (HTTP ${result.status}). Please try again.`);
  }
  storeTokenPair(result.data);
}

// Renew the access token. Callers that arrive while a renewal is running wait
// for it, because refresh tokens rotate: a second refresh with the same token
// would be rejected as a reuse.
function renewAccessToken() {
  if (renewal === null) {
    renewal = refreshTokenPair().finally(() => {
      renewal = null;
    });
  }
  return renewal;
}

// Send an authenticated request. A 401 renews the access token once and
// retries; when that fails too, the session ends and SessionEnded is thrown.
export async function request(path, options = {}) {
  if (accessToken === null) {
    await renewAccessToken();
  }
  const tokenUsed = accessToken;
  const first = await send(path, options);
  if (first.status !== 401) {
    return first;
  }

  // Another request may have renewed the token while this one was in flight.
  if (accessToken === tokenUsed) {
    await renewAccessToken();
  }
  const second = await send(path, options);
  if (second.status === 401) {
    throw endSession();
  }
  return second;
}

// Start the session on page load: trade the stored refresh token for a pair.
export async function resumeSession() {
  if (sessionStorage.getItem(REFRESH_TOKEN_KEY) === null) {
    return false;
  }
  try {
    await renewAccessToken();
    return true;
  } catch (error) {
    if (error instanceof SessionEnded) {
      return false;
    }
    throw error;
  }
}

export async function signInWithPassword(email, password) {
  const result = await send("/api/auth/login", {
    method: "POST",
    body: { email, password },
    authenticated: false,
  });
  if (result.ok) {
    storeTokenPair(result.data);
  }
  return result;
}

// Collect the token pair that the Google callback left in the Django session.
// The session cookie authenticates this POST, so it carries the CSRF token.
export async function pickUpGoogleSignIn() {
  const result = await send("/auth/google/session-token", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    authenticated: false,
  });
  if (result.ok) {
    storeTokenPair(result.data);
  }
  return result;
}

// Revoke the refresh token on the server, then forget both tokens even if the
// revocation failed, so that the user is always signed out here.
export async function signOut() {
  try {
    if (hasSession()) {
      await request("/api/auth/logout", {
        method: "POST",
        body: () => ({ refresh: sessionStorage.getItem(REFRESH_TOKEN_KEY) }),
      });
    }
  } catch (error) {
    if (!(error instanceof SessionEnded) && !(error instanceof NetworkError)) {
      throw error;
    }
  } finally {
    clearTokens();
  }
}

// The errors of a contract-shaped error body, or one request-wide error.
export function errorsOf(result) {
  const errors = result.data && Array.isArray(result.data.errors) ? result.data.errors : null;
  if (errors && errors.length > 0) {
    return errors;
  }
  return [{ attr: null, code: "unknown", detail: `The shop answered with an unexpected error (HTTP ${result.status}). Please try again.` }];
}
