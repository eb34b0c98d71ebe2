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


bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "") or _default_workers())
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
