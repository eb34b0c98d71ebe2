"""A stand-in OpenID Connect provider for tests and offline demos. NEVER use it in production.

It signs in one preset identity without asking anyone, because its authorize
endpoint redirects straight back with a code. Anyone who can reach it can
sign in as that identity, so it listens on 127.0.0.1 only.

It serves discovery, the key set (JWKS), authorize and token endpoints.
Authorize requires PKCE with S256. Token checks the client secret (HTTP Basic
or form) and the PKCE verifier, accepts each code once, and returns ID tokens
signed RS256 with joserfc. Tests can also mint ID tokens with any claims,
header and key.

Run it for a demo with `python -m devtools.oidc_provider --port 9000`, or
`make run-google-demo` to start it together with the development server.
"""

import argparse
import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import Key, RSAKey

LOOPBACK = "127.0.0.1"
CODE_LIFETIME = 60  # seconds between authorize and token
ID_TOKEN_LIFETIME = 3600  # seconds
MAX_FORM_BYTES = 64 * 1024


@dataclass(frozen=True)
class Identity:
    """The account that the authorize endpoint signs in."""

    sub: str = "stand-in-user-1"
    email: str | None = "demo.user@example.com"
    email_verified: bool = True
    name: str = "Demo User"

    def claims(self) -> dict:
        given_name, _, family_name = self.name.partition(" ")
        claims = {
            "sub": self.sub,
            "email_verified": self.email_verified,
            "name": self.name,
            "given_name": given_name,
            "family_name": family_name,
        }
        if self.email is not None:
            claims["email"] = self.email
        return claims


def generate_signing_key() -> RSAKey:
    """Return a new 2048-bit RSA key with a random key id, published nowhere."""
    parameters = {"kid": secrets.token_hex(8), "use": "sig", "alg": "RS256"}
    return RSAKey.generate_key(2048, parameters=parameters)


class StandInProvider:
    """The provider's state and its HTTP server on 127.0.0.1.

    `redirect_uris`, when given, lists the only callback URLs that authorize
    accepts, as a real provider's client registration does.
    """

    def __init__(
        self,
        *,
        client_id: str = "stand-in-client",
        client_secret: str = "stand-in-secret",  # noqa: S107 - a public test value
        port: int = 0,
        redirect_uris: list[str] | None = None,
        identity: Identity | None = None,
        quiet: bool = True,
    ):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = redirect_uris
        self.quiet = quiet
        self._lock = threading.Lock()
        self._initial_identity = identity or Identity()
        self._initial_key = generate_signing_key()
        self._server = ThreadingHTTPServer((LOOPBACK, port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None
        self.reset()

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def issuer(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> "StandInProvider":
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="stand-in-oidc-provider", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted, then close the socket."""
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reset(self) -> None:
        """Restore the initial identity and key, allow access, and forget codes and counts."""
        with self._lock:
            self.identity = self._initial_identity
            self.signing_key = self._initial_key
            self.published_keys: list[RSAKey] = [self._initial_key]
            self.access_denied = False
            self.id_token_overrides: dict = {}
            self.jwks_requests = 0
            self.token_requests = 0
            self._codes: dict[str, dict] = {}

    def set_identity(
        self,
        sub: str,
        email: str | None,
        email_verified: bool = True,
        name: str = "Demo User",
    ) -> None:
        """Choose the identity that the next authorizations sign in."""
        self.identity = Identity(sub=sub, email=email, email_verified=email_verified, name=name)

    def deny_access(self, denied: bool = True) -> None:
        """Make authorize redirect back with `error=access_denied`, as when consent is refused."""
        self.access_denied = denied

    def rotate_key(self) -> RSAKey:
        """Publish a new key and sign with it from now on. The old keys stay published."""
        key = generate_signing_key()
        with self._lock:
            self.published_keys.append(key)
            self.signing_key = key
        return key

    def mint_id_token(
        self, *, signing_key: Key | None = None, headers: dict | None = None, **claims
    ) -> str:
        """Return an ID token for the current identity, signed with the current key.

        Keyword claims replace the defaults, and a claim given as None is
        left out. `headers` replaces header fields such as `kid` or `alg` in
        the same way.
        `signing_key` signs with another key, which may be unpublished.
        """
        key = signing_key or self.signing_key
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.client_id,
            "azp": self.client_id,
            **self.identity.claims(),
            "iat": now,
            "exp": now + ID_TOKEN_LIFETIME,
            **claims,
        }
        payload = {name: value for name, value in payload.items() if value is not None}
        header = {"alg": "RS256", "kid": key.kid, **(headers or {})}
        header = {name: value for name, value in header.items() if value is not None}
        return jwt.encode(header, payload, key, algorithms=[header["alg"]])

    def discovery_document(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "grant_types_supported": ["authorization_code"],
        }

    def key_set(self) -> dict:
        with self._lock:
            self.jwks_requests += 1
            return {"keys": [key.as_dict(private=False) for key in self.published_keys]}

    def authorize(self, params: dict[str, str]) -> tuple[HTTPStatus, str]:
        """Return (status, redirect URL or error text) for an authorization request."""
        redirect_uri = params.get("redirect_uri", "")
        if params.get("client_id") != self.client_id:
            return HTTPStatus.BAD_REQUEST, "unknown client_id"
        if not self._redirect_uri_allowed(redirect_uri):
            return HTTPStatus.BAD_REQUEST, "redirect_uri is not registered for this client"

        state = params.get("state")
        problem = _authorization_request_problem(params)
        if problem is not None:
            return HTTPStatus.FOUND, _with_query(
                redirect_uri, error="invalid_request", error_description=problem, state=state
            )
        if self.access_denied:
            return HTTPStatus.FOUND, _with_query(redirect_uri, error="access_denied", state=state)

        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = {
                "redirect_uri": redirect_uri,
                "code_challenge": params["code_challenge"],
                "nonce": params.get("nonce"),
                "identity": self.identity,
                "issued_at": time.monotonic(),
            }
        return HTTPStatus.FOUND, _with_query(redirect_uri, code=code, state=state)

    def token(self, form: dict[str, str], authorization: str | None) -> tuple[HTTPStatus, dict]:
        """Return (status, JSON body) for a token request with an authorization code."""
        with self._lock:
            self.token_requests += 1
        if not self._client_authenticated(form, authorization):
            return HTTPStatus.UNAUTHORIZED, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return HTTPStatus.BAD_REQUEST, {"error": "unsupported_grant_type"}

        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)
        if grant is None or time.monotonic() - grant["issued_at"] > CODE_LIFETIME:
            return HTTPStatus.BAD_REQUEST, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return HTTPStatus.BAD_REQUEST, {"error": "invalid_grant"}
        if not _pkce_matches(form.get("code_verifier", ""), grant["code_challenge"]):
            return HTTPStatus.BAD_REQUEST, {"error": "invalid_grant"}

        claims = {**grant["identity"].claims(), "nonce": grant["nonce"]}
        claims.update(self.id_token_overrides)
        return HTTPStatus.OK, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": ID_TOKEN_LIFETIME,
            "scope": "openid email profile",
            "id_token": self.mint_id_token(**claims),
        }

    def _redirect_uri_allowed(self, redirect_uri: str) -> bool:
        if self.redirect_uris is not None:
            return redirect_uri in self.redirect_uris
        return urlsplit(redirect_uri).scheme in {"http", "https"}

    def _client_authenticated(self, form: dict[str, str], authorization: str | None) -> bool:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            try:
                decoded = base64.b64decode(authorization[6:], validate=True).decode()
            except ValueError:
                return False
            client_id, _, client_secret = decoded.partition(":")
        return (
            client_id == self.client_id
            and client_secret is not None
            and hmac.compare_digest(client_secret.encode(), self.client_secret.encode())
        )


def _authorization_request_problem(params: dict[str, str]) -> str | None:
    if params.get("response_type") != "code":
        return "response_type must be code"
    if "openid" not in params.get("scope", "").split():
        return "scope must include openid"
    if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
        return "PKCE with code_challenge_method=S256 is required"
    return None


def _pkce_matches(code_verifier: str, code_challenge: str) -> bool:
    digest = hashlib.sha256(code_verifier.encode()).digest()
    expected = base64.urlsafe_b64encode(digest).rstrip(b"=")
    return hmac.compare_digest(expected, code_challenge.encode())


def _with_query(url: str, **params: str | None) -> str:
    query = urlencode({name: value for name, value in params.items() if value is not None})
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}{query}"


def _handler_for(provider: StandInProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/.well-known/openid-configuration":
                self._send_json(HTTPStatus.OK, provider.discovery_document())
            elif parts.path == "/jwks":
                self._send_json(HTTPStatus.OK, provider.key_set())
            elif parts.path == "/authorize":
                params = {name: values[0] for name, values in parse_qs(parts.query).items()}
                status, target = provider.authorize(params)
                if status == HTTPStatus.FOUND:
                    self._send(status, b"", "text/plain", location=target)
                else:
                    self._send(status, target.encode(), "text/plain; charset=utf-8")
            else:
                self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_FORM_BYTES:
                self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"too large", "text/plain")
                return
            body = self.rfile.read(length).decode("utf-8", "replace")
            form = {name: values[0] for name, values in parse_qs(body).items()}
            status, answer = provider.token(form, self.headers.get("Authorization"))
            self._send_json(status, answer)

        def _send_json(self, status: HTTPStatus, document: dict) -> None:
            self._send(status, json.dumps(document).encode(), "application/json")

        def _send(
            self, status: HTTPStatus, body: bytes, content_type: str, location: str | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            if location is not None:
                self.send_header("Location", location)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            if not provider.quiet:
                super().log_message(format, *args)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Stand-in OpenID Connect provider on 127.0.0.1 for offline demos. "
        "It signs in a preset identity without asking: NEVER use it in production."
    )
    parser.add_argument("--port", type=int, default=9000, help="TCP port on 127.0.0.1")
    parser.add_argument("--client-id", default="shop-demo-client")
    parser.add_argument("--client-secret", default="shop-demo-secret")
    parser.add_argument(
        "--redirect-uri",
        action="append",
        help="callback URL that authorize accepts; repeat for several (default: any http(s) URL)",
    )
    parser.add_argument("--sub", default=Identity.sub, help="subject of the signed-in identity")
    parser.add_argument("--email", default=Identity.email, help="its email address")
    parser.add_argument("--unverified-email", action="store_true", help="send email_verified=false")
    parser.add_argument("--name", default=Identity.name, help="its full name")
    arguments = parser.parse_args()

    identity = Identity(
        sub=arguments.sub,
        email=arguments.email,
        email_verified=not arguments.unverified_email,
        name=arguments.name,
    )
    provider = StandInProvider(
        client_id=arguments.client_id,
        client_secret=arguments.client_secret,
        port=arguments.port,
        redirect_uris=arguments.redirect_uri,
        identity=identity,
        quiet=False,
    )
    print(f"Stand-in OpenID Connect provider at {provider.issuer} (NEVER use in production).")
    print(f"It signs in {identity.email} (sub {identity.sub}) without asking. Ctrl-C stops it.")
    try:
        provider.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.")


if __name__ == "__main__":
    main()
