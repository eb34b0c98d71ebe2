"""gunicorn settings, read from the environment: `gunicorn -c config/gunicorn.py config.wsgi`.

HOST and PORT set the address (default 127.0.0.1:8000), WEB_CONCURRENCY the
number of worker processes.
"""

import os

# Every worker keeps its own PostgreSQL connection open (CONN_MAX_AGE), and
# PostgreSQL allows 100 connections by default, so a many-core host must not
# start dozens of workers unless WEB_CONCURRENCY sets that many.
MAX_DEFAULT_WORKERS = 12


def _default_workers() -> int:
    """Return gunicorn's usual 2 x cores + 1, capped at MAX_DEFAULT_WORKERS."""
    return min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS)


def _has_shared_cache() -> bool:
    return bool(os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL"))


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "") or _default_workers())

# Login throttles and the user state cache live in the Django cache. Without
# REDIS_URL or CACHE_URL that cache is per process, so several workers would
# each count failures on their own. One process with threads keeps one cache.
if not _has_shared_cache() and not os.environ.get("WEB_CONCURRENCY"):
    workers = 1
    worker_class = "gthread"
    threads = int(os.environ.get("GUNICORN_THREADS", "8"))
    print(
        "gunicorn: no REDIS_URL or CACHE_URL, so one worker process with "
        f"{threads} threads shares one cache; set REDIS_URL to run several workers.",
        flush=True,
    )
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20

# Recycle workers now and then so a slow leak cannot grow without bound. The
# jitter keeps them from restarting all at once.
max_requests = 2000
max_requests_jitter = 200

accesslog = "-"
errorlog = "-"
# %(U)s is the path without the query string, and the Referer is left out,
# because either can carry a token or other secret into the log.
# %(M)s is the response time in milliseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

# gunicorn 25.1+ opens a control socket at one fixed path per user, so two
# servers on one host would share it. Nothing here uses `gunicornc`.
control_socket_disable = True
