#!/usr/bin/env bash
# Run the Postman collection (docs/postman) with newman against `make serve`
# (gunicorn, production settings) on a fresh PostgreSQL database, then stop
# the server and drop the database. Exits non-zero when any assertion fails.
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, no password), Node.js,
# npm and curl. Environment:
#   NEWMAN_PORT       port of the server on 127.0.0.1 (default 8201)
#   NEWMAN_REDIS_URL  cache of the server (default redis://127.0.0.1:6379/4;
#                     set it empty to use local memory)
set -euo pipefail
cd "$(dirname "$0")/.."

port="${NEWMAN_PORT:-8201}"
redis_url="${NEWMAN_REDIS_URL-redis://127.0.0.1:6379/4}"
base_url="http://127.0.0.1:$port"
database="shop_postman_$$"
cache_prefix="newman-$$"
work_dir="$(mktemp -d)"
server_log="$work_dir/server.log"
server_pid=""

psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -qc "$1"; }

stop_server() {
    [[ -n "$server_pid" ]] || return 0
    # The server runs in its own process group: make, its shell and gunicorn.
    kill -TERM -- "-$server_pid" 2>/dev/null || return 0
    for _ in $(seq 1 60); do
        kill -0 -- "-$server_pid" 2>/dev/null || return 0
        sleep 0.5
    done
    echo "The server did not stop within 30 s of SIGTERM; sending SIGKILL." >&2
    kill -KILL -- "-$server_pid" 2>/dev/null || true
}

delete_cache_keys() {
    [[ -n "$redis_url" ]] && command -v redis-cli >/dev/null || return 0
    # Some keys never expire (the catalogue version), so each run removes its own.
    redis-cli -u "$redis_url" --scan --pattern "$cache_prefix:*" |
        xargs -r -n 100 redis-cli -u "$redis_url" del >/dev/null || true
}

cleanup() {
    stop_server
    delete_cache_keys
    psql_admin "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
    rm -rf "$work_dir"
}
trap cleanup EXIT
# Exit on these signals too, so that the EXIT trap stops the server.
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Installing newman from package-lock.json"
npm ci --no-audit --no-fund --loglevel=error

if curl --silent --max-time 2 --output /dev/null "$base_url/healthz"; then
    echo "Port $port is already in use: stop that server or set NEWMAN_PORT." >&2
    exit 1
fi

psql_admin "CREATE DATABASE $database"

# The server gets only what this run sets. Without GOOGLE_CLIENT_ID Google
# sign-in returns 503, which the collection expects with google_configured=false.
server_env=(
    DJANGO_SETTINGS_MODULE=config.settings.production
    DEBUG=false
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/$database"
    SECRET_KEY="newman-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    REDIS_URL="$redis_url"
    # Fresh throttle counters for every run, even on a Redis shared with earlier runs.
    CACHE_KEY_PREFIX="$cache_prefix"
    GOOGLE_CLIENT_ID=
    GOOGLE_CLIENT_SECRET=
    GOOGLE_EXTRA_CLIENT_IDS=
    GOOGLE_OIDC_ISSUER=https://accounts.google.com
    WEB_CONCURRENCY=2
    HOST=127.0.0.1
)

echo "Starting make serve on $base_url (log: $server_log)"
set -m # a process group of its own, so stop_server reaches gunicorn too
env "${server_env[@]}" make serve PORT="$port" >"$server_log" 2>&1 &
server_pid=$!
set +m

# Migrations on a fresh database take most of the start-up time.
deadline=$((SECONDS + 180))
until curl --silent --fail --max-time 2 --output /dev/null "$base_url/healthz"; do
    if ! kill -0 "$server_pid" 2>/dev/null || ((SECONDS >= deadline)); then
        echo "The server exited or did not respond on $base_url/healthz within 180 s; its log follows." >&2
        tail -n 60 "$server_log" >&2
        exit 1
    fi
    sleep 1
done

env "${server_env[@]}" .venv/bin/python manage.py import_products --if-empty data/demo_products.csv

status=0
# newman honours HTTP_PROXY, but the server is on loopback and must be reached directly.
NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost" \
    node_modules/.bin/newman run docs/postman/shop.postman_collection.json \
    --environment docs/postman/local.postman_environment.json \
    --env-var "base_url=$base_url" \
    --env-var "google_configured=false" \
    --timeout-request 30000 \
    --color off ||
    status=$?

if ((status != 0)); then
    echo "newman failed (exit status $status); the server log's last lines follow." >&2
    tail -n 60 "$server_log" >&2
fi
exit "$status"
