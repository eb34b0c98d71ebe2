"""Settings for the test suite: fast hashing and a fixed key."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-with-enough-length-for-hs256")

from .base import *  # noqa: F403

DEBUG = False

# Argon2 at its production cost would dominate the suite's run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING["root"]["level"] = "WARNING"  # noqa: F405
