#!/usr/bin/env bash
# Side-by-side benchmark of the shop, a bare Django view and a bare WSGI app.
# Usage: bench/run.sh [options of bench/bench.py, see --help]; `make bench` calls it.
# It installs wrk when missing, starts PostgreSQL and Redis when they are down,
# and on any exit stops the servers it started and drops its database.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null || ! command -v psql >/dev/null || ! command -v redis-cli >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql-client redis-tools >/dev/null
fi
pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no

export BENCH_DB="${BENCH_DB:-shop_bench_$$}"
export BENCH_RUN_DIR
BENCH_RUN_DIR="$(mktemp -d -t shop-bench.XXXXXX)"
export BENCH_REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/5}"

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    # Each gunicorn master wrote its pid file; TERM stops it and its workers.
    for pid_file in "$BENCH_RUN_DIR"/*.pid; do
        [ -f "$pid_file" ] || continue
        kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
    done
    sleep 1
    psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" || true
    redis-cli -u "$BENCH_REDIS_URL" flushdb >/dev/null || true
    echo "bench: servers stopped, database $BENCH_DB dropped; logs in $BENCH_RUN_DIR" >&2
    exit "$status"
}
trap cleanup EXIT INT TERM

psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)"
psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $BENCH_DB"
redis-cli -u "$BENCH_REDIS_URL" flushdb >/dev/null

.venv/bin/python -m bench.bench "$@"
