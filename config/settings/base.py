"""Settings shared by every environment, all read from the process environment.

The variables are listed in the README. Modules `local`, `test` and
`production` import this one and change only what differs.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# Production refuses to start without a key; see production.py.
SECRET_KEY = env.str("SECRET_KEY", default="")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "phonenumber_field",
    "shop.common",
    "shop.accounts",
    "shop.catalog",
    "shop.orders",
    "shop.web",
]

MIDDLEWARE = [
    # First, so every log line of a request carries its id and client address.
    "shop.common.request_context.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL is set.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two writers
    # queue on the lock (up to `timeout` seconds) instead of one failing with
    # "database is locked" when it upgrades a read lock. WAL lets readers go on
    # while a writer holds the lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared by every app server when REDIS_URL or CACHE_URL is set, which
# the login throttles need once there is more than one server.
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="shop"),
        }
    }
else:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://shop")}

# Number of proxies in front of the app that append to X-Forwarded-For. With 0
# the client address is REMOTE_ADDR and X-Forwarded-For is ignored, because a
# client can send any value in it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Login throttles (shop/accounts/throttling.py), counted in the cache above.
# A limit of 0 turns that throttle off. Windows are in seconds.
LOGIN_FAILURES_PER_EMAIL = env.int("LOGIN_FAILURES_PER_EMAIL", default=10)
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=50)
LOGIN_FAILURE_WINDOW = env.int("LOGIN_FAILURE_WINDOW", default=15 * 60)
# Generous on purpose: offices and mobile carriers put many people behind one
# address, and the contract promises that an unknown email creates the account.
# The limit only caps mass sign-ups from one address.
LOGIN_ACCOUNTS_PER_ADDRESS = env.int("LOGIN_ACCOUNTS_PER_ADDRESS", default=500)
LOGIN_ACCOUNT_WINDOW = env.int("LOGIN_ACCOUNT_WINDOW", default=60 * 60)

AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Whitenoise's compressed manifest storage, also hashing ES module imports.
    "staticfiles": {"BACKEND": "shop.web.storage.StaticFilesStorage"},
}

# Content-Security-Policy (django-csp 4): scripts and styles only from files on
# this origin, so an injected inline script does not run. The Swagger UI page
# (shop/common/docs.py) and the admin need no inline code either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI's stylesheet draws its icons from data: URLs.
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The URL patterns match paths with and without a trailing slash, so a
# redirect would only turn a POST into a broken GET.
APPEND_SLASH = False

CSRF_FAILURE_VIEW = "shop.common.errors.csrf_failure"

# Request bodies larger than this are rejected before parsing (bytes).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=256 * 1024)

SHOP_CURRENCY = env.str("SHOP_CURRENCY", default="USD")

# Upper bounds, in seconds, on how stale two cached values may get: a user's
# is_active and token_version, when a change bypasses the ORM's save
# (shop/accounts/user_state.py), and the product list's `count`
# (shop/catalog/list_cache.py).
# With a per-process cache, a password change or deactivation handled by one
# worker would not reach the cache of the others, so the user state is cached
# only when the cache is shared (REDIS_URL or a non-local CACHE_URL).
_shared_cache = CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"
AUTH_USER_STATE_CACHE_SECONDS = env.int(
    "AUTH_USER_STATE_CACHE_SECONDS", default=30 if _shared_cache else 0
)
PRODUCT_COUNT_CACHE_SECONDS = env.int("PRODUCT_COUNT_CACHE_SECONDS", default=10)

# Sign in with Google (shop/accounts/google). An empty client id turns it off,
# and the Google endpoints then return 503. GOOGLE_EXTRA_CLIENT_IDS lists Android
# or iOS client ids that the ID token endpoint also accepts as `aud`.
GOOGLE_CLIENT_ID = env.str("GOOGLE_CLIENT_ID", default="")
GOOGLE_CLIENT_SECRET = env.str("GOOGLE_CLIENT_SECRET", default="")
GOOGLE_EXTRA_CLIENT_IDS = env.list("GOOGLE_EXTRA_CLIENT_IDS", default=[])
GOOGLE_OIDC_ISSUER = env.str("GOOGLE_OIDC_ISSUER", default="https://accounts.google.com")

PHONENUMBER_DEFAULT_REGION = env.str("PHONENUMBER_DEFAULT_REGION", default="") or None
PHONENUMBER_DB_FORMAT = "E164"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["shop.accounts.authentication.ShopJWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["shop.common.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_standardized_errors.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "shop.common.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": None,
    # DRF's own throttles, if a view uses them, find the client the same way.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}

DRF_STANDARDIZED_ERRORS = {
    "EXCEPTION_FORMATTER_CLASS": "shop.common.errors.ExceptionFormatter",
    "EXCEPTION_HANDLER_CLASS": "shop.common.errors.ExceptionHandler",
    "ERROR_SCHEMAS": "shop.common.schema.ERROR_SCHEMAS",
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=env.int("JWT_ACCESS_TOKEN_LIFETIME", default=900)),
    "REFRESH_TOKEN_LIFETIME": timedelta(
        seconds=env.int("JWT_REFRESH_TOKEN_LIFETIME", default=7 * 24 * 3600)
    ),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default="") or SECRET_KEY,
    # The scheme name is case-insensitive (RFC 7235); simplejwt compares it exactly.
    "AUTH_HEADER_TYPES": ("Bearer", "bearer", "BEARER"),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "LEEWAY": 0,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Shop API",
    "DESCRIPTION": (
        "Sign in with email and password or Google, list available products, "
        "place orders and edit the profile. Every error uses one JSON shape."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": f"drf_standardized_errors.openapi_serializers.{name}Enum.choices"
        for name in [
            "ValidationError",
            "ClientError",
            "ServerError",
            "ErrorCode401",
            "ErrorCode403",
            "ErrorCode404",
            "ErrorCode405",
            "ErrorCode406",
            "ErrorCode415",
            "ErrorCode429",
            "ErrorCode500",
        ]
    },
    "POSTPROCESSING_HOOKS": [
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
        "shop.common.schema.strip_trailing_slashes",
    ],
}

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# LOG_FORMAT: "text" prints each `extra=` field as key=value after the
# message, "json" prints one JSON object per line (shop/common/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "shop.common.logs.RequestContextFilter"},
    },
    "formatters": {
        "text": {
            "()": "shop.common.logs.KeyValueFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {"()": "shop.common.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_context"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
