"""Settings for gunicorn behind a proxy or load balancer; `check --deploy` is clean."""

from django.core.exceptions import ImproperlyConfigured

from shop.accounts.google.issuer import check_production_issuer

from .base import *  # noqa: F403
from .base import DEBUG, GOOGLE_OIDC_ISSUER, SECRET_KEY, env

if not SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is missing: set it in the environment.")

# The operator of a plain-http or loopback issuer can sign anyone in.
try:
    check_production_issuer(GOOGLE_OIDC_ISSUER, debug=DEBUG)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error

# Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_ENABLED=true so
# Django trusts X-Forwarded-Proto; only do so when the proxy overwrites it.
if env.bool("SECURE_PROXY_SSL_HEADER_ENABLED", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
