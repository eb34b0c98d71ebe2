#!/usr/bin/env bash
# Fuzz a live server with schemathesis, driven by its own OpenAPI schema.
#
# Starts gunicorn with the production settings on 127.0.0.1 and a throwaway
# SQLite database that contains the demo catalogue and one user, then sends
# FUZZ_MAX_EXAMPLES generated requests per operation and phase with that
# user's access token. It fails on any 5xx, any response that breaks the
# schema, and any 4xx/5xx whose body is not the contract's error shape
# (.ci/fuzz_checks.py).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${FUZZ_PORT:-8301}"
max_examples="${FUZZ_MAX_EXAMPLES:-100}"
seed="${FUZZ_SEED:-20261204}"
base_url="http://127.0.0.1:$port"
work="$(mktemp -d)"
server_pid=""

stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        wait "$server_pid" || true
    fi
    rm -rf "$work"
}
trap stop_server EXIT

export DJANGO_SETTINGS_MODULE=config.settings.production
SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')"
export SECRET_KEY
export DATABASE_URL="sqlite:///$work/fuzz.sqlite3"
# Plain http on loopback: no HTTPS redirect or HTTPS-only cookies.
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
# The token must outlive the run. Account creation by login is not throttled,
# so generated logins keep reaching the sign-up path instead of a 429.
export JWT_ACCESS_TOKEN_LIFETIME=3600 LOGIN_ACCOUNTS_PER_ADDRESS=0
unset REDIS_URL CACHE_URL DEBUG

.venv/bin/python manage.py migrate --no-input --verbosity 0
.venv/bin/python manage.py import_products data/demo_products.csv
token="$(.venv/bin/python manage.py shell --no-imports -c '
from shop.accounts.models import User
from shop.accounts.tokens import issue_token_pair
user = User.objects.create_user(email="fuzz@example.com", password="Fuzzing-user-password-81")
print(issue_token_pair(user).access)
')"

# The production gunicorn settings, with two workers on the fuzzing port.
HOST=127.0.0.1 PORT="$port" WEB_CONCURRENCY=2 \
    .venv/bin/gunicorn --config config/gunicorn.py config.wsgi > "$work/server.log" 2>&1 &
server_pid=$!

.venv/bin/python - "$base_url/healthz" <<'PY'
import sys, time, urllib.request

deadline = time.monotonic() + 30
while True:
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=2) as response:  # noqa: S310
            if response.status == 200:
                break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit(f"server at {sys.argv[1]} did not answer within 30 s")
    time.sleep(0.5)
PY

status=0
# No --max-time: with it, the fuzzing phase repeats until the time is spent.
# The count of examples bounds the run instead, and `timeout` backs it up.
SCHEMATHESIS_HOOKS=fuzz_checks PYTHONPATH=.ci timeout 1200 \
    .venv/bin/schemathesis --config-file .ci/schemathesis.toml run "$base_url/api/schema/" \
    --checks not_a_server_error,response_schema_conformance,contract_error_shape \
    --header "Authorization: Bearer $token" \
    --max-examples "$max_examples" --seed "$seed" \
    --phases examples,coverage,fuzzing \
    --request-timeout 30 --generation-database none --no-color || status=$?

if [[ $status -ne 0 ]]; then
    echo "---- server log without 1xx-4xx access lines (last 80 lines) ----"
    grep -v '" [1-4][0-9][0-9] ' "$work/server.log" | tail -n 80 || true
fi
exit "$status"
