"""Settings for the test suite: fast hashing and a fixed key."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-with-enough-length-for-hs256")

from .base import *  # noqa: F403

DEBUG = False

# Argon2 at its production cost would dominate the suite's run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING["root"]["level"] = "WARNING"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the default shared-cache memory database: concurrency tests
    # need SQLite's real file locking, which shared cache replaces with
    # table locks that fail at once instead of waiting.
    # TEST_DB_SUFFIX keeps parallel runs in one checkout from sharing the file.
    test_db_name = f"test-db{os.environ.get('TEST_DB_SUFFIX', '')}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / test_db_name)}  # noqa: F405

# Tests run without collectstatic, whose manifest the production storage needs
# to build a static URL.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# The suite runs in one process, so the per-process cache is safe to use here,
# and the tests of the user state cache need it on.
AUTH_USER_STATE_CACHE_SECONDS = 30
