"""Settings for a developer's machine: DEBUG on unless the environment sets DEBUG=false."""

import os

os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

if not SECRET_KEY:
    # A fixed key is safe only because DEBUG servers are never exposed.
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105
    SIMPLE_JWT["SIGNING_KEY"] = SECRET_KEY  # noqa: F405

if not env.bool("DEBUG"):
    raise RuntimeError("config.settings.local is for DEBUG only; use config.settings.production.")
