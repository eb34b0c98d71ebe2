"""Benchmark the shop against a bare Django view and a bare WSGI app, side by side.

Run through bench/run.sh (`make bench`), which creates the database named by
BENCH_DB and drops it again, and stops the servers even when this script fails.
"""

import argparse
import json
import logging
import os
import secrets
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench import catalogue, load, report, servers

logger = logging.getLogger("bench")

ROOT = Path(__file__).resolve().parent.parent
SHOP_PORT, BARE_DJANGO_PORT, HELLO_PORT = 8401, 8402, 8403
HOT_UNITS = 500
BENCH_EMAIL = "bench@example.com"
# Deep page: page 500 must exist at 10,000 products (8,000 available), so it
# uses 10 products a page instead of the default 20.
DEEP_PAGE = "/api/products?page=500&page_size=10"
TARGETS = [
    load.Target("products, page 1", "shop", "/api/products"),
    load.Target("products, page 500", "shop", DEEP_PAGE),
    load.Target("products, search", "shop", "/api/products?search=mug"),
    load.Target("place order, 2 lines", "shop", "/api/orders", script="bench/wrk/post_order.lua"),
    load.Target("profile", "shop", "/api/profile"),
    load.Target(report.BASELINE, "bare_django", "/products", authenticated=False),
    load.Target("bare WSGI hello", "hello", "/", authenticated=False),
]
TARGET_NOTES = {
    "products, page 1": "shop, 20 products, bearer token",
    "products, page 500": "shop, offset 4,990",
    "products, search": "shop, name, SKU or description contains 'mug'",
    "place order, 2 lines": "shop, one unit each of two random available products",
    "profile": "shop, the signed-in user",
    report.BASELINE: "values() and JsonResponse, no DRF, no auth, no middleware",
    "bare WSGI hello": "a constant body, the ceiling for a Python server",
}


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="bench: %(message)s")
    options = parse_options()
    database_url = f"postgres://postgres@127.0.0.1:5432/{os.environ['BENCH_DB']}"
    run_dir = Path(os.environ["BENCH_RUN_DIR"])
    shop_env = shop_environment(database_url)

    migrate(shop_env)
    started: list[servers.Server] = []
    try:
        sizes = []
        token = ""
        for number, total in enumerate(options.products):
            added = catalogue.grow_catalogue(_conninfo(database_url), total)
            logger.info("catalogue at %d products (%d added)", total, added)
            _flush_cache()
            if not started:
                started = start_servers(shop_env, database_url, run_dir)
                token = sign_in(started[0].base_url)
            sizes.append(measure_size(options, database_url, started, token, total, number))
            if options.profile:
                profile(shop_env, token, total)
        document = build_document(options, sizes)
    finally:
        servers.stop(started)

    report.write_json(ROOT / "bench/results/latest.json", document)
    report.write_markdown(ROOT / "docs/benchmarks.md", document)
    logger.info("wrote docs/benchmarks.md and bench/results/latest.json")
    return 0 if _all_passed(sizes) else 1


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--products",
        default=os.environ.get("BENCH_PRODUCTS", "10000"),
        help="catalogue sizes, comma-separated, measured in turn in one run (default 10000)",
    )
    parser.add_argument(
        "--million", action="store_true", help="measure 10,000 and then 1,000,000 products"
    )
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "5")))
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("BENCH_DURATION", "5")),
        help="seconds of load per target and round",
    )
    parser.add_argument(
        "--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", "8"))
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        default=os.environ.get("BENCH_PROFILE", "") not in ("", "0"),
        help="also profile the shop's targets with pyinstrument into bench/results/",
    )
    options = parser.parse_args()
    options.products = [int(size) for size in str(options.products).split(",")]
    if options.million:
        options.products = [10_000, 1_000_000]
    if options.products != sorted(options.products):
        parser.error("--products must grow: the catalogue is only ever added to")
    return options


def shop_environment(database_url: str) -> dict[str, str]:
    """Production settings as `make serve` uses them, over plain HTTP on loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ["BENCH_REDIS_URL"],
        "CACHE_KEY_PREFIX": "bench",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # No TLS proxy in front, so no redirect to https.
        "SECURE_SSL_REDIRECT": "false",
        # One sign-in per run must outlast every round.
        "JWT_ACCESS_TOKEN_LIFETIME": "14400",
        "LOG_LEVEL": "WARNING",
    }


def migrate(shop_env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env={**os.environ, **shop_env},
        check=True,
    )


def start_servers(
    shop_env: dict[str, str], database_url: str, run_dir: Path
) -> list[servers.Server]:
    common = {"run_dir": run_dir}
    shop = servers.start(
        name="shop",
        app="config.wsgi:application",
        port=SHOP_PORT,
        env=shop_env,
        ready_path="/healthz",
        **common,
    )
    bare = servers.start(
        name="bare_django",
        app="bench.bare_django:application",
        port=BARE_DJANGO_PORT,
        env={"DJANGO_SETTINGS_MODULE": "bench.bare_django", "DATABASE_URL": database_url},
        ready_path="/products",
        **common,
    )
    hello = servers.start(
        name="hello",
        app="bench.hello_wsgi:application",
        port=HELLO_PORT,
        env={},
        ready_path="/",
        **common,
    )
    return [shop, bare, hello]


def sign_in(base_url: str) -> str:
    """Create the benchmark account through the API and return its access token.

    One successful sign-in per run, so the login throttles never count a failure.
    """
    body = json.dumps({"email": BENCH_EMAIL, "password": secrets.token_urlsafe(24)})
    request = urllib.request.Request(
        base_url + "/api/auth/login",
        data=body.encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["access"]


def measure_size(options, database_url, started, token, total, number) -> dict:
    urls = {server.name: server.base_url for server in started}
    check_targets(urls, token, catalogue.available_count(_conninfo(database_url)))

    results: dict[str, list[dict]] = {target.name: [] for target in TARGETS}
    run = _runner(options, urls, token, total)
    for target in TARGETS:
        run(target, warmup=True)
    for round_number in range(options.rounds):
        shift = round_number % len(TARGETS)
        for target in TARGETS[shift:] + TARGETS[:shift]:
            results[target.name].append(run(target, warmup=False))
        logger.info("%d products: round %d of %d done", total, round_number + 1, options.rounds)

    hot = measure_hot_product(database_url, token, number)
    return {
        "products": total,
        "available": catalogue.available_count(_conninfo(database_url)),
        "summary": report.summarize(results),
        "hot_product": hot,
    }


def check_targets(urls: dict[str, str], token: str, available: int) -> None:
    """Fail before measuring if a target responds with an error or a wrong count."""
    headers = {"Authorization": f"Bearer {token}"}
    for target in TARGETS:
        if target.script != "bench/wrk/get.lua":
            continue
        request = urllib.request.Request(urls[target.server] + target.path, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            body = json.load(response)
        if target.path == "/api/products" and body["count"] != available:
            raise RuntimeError(f"count {body['count']} differs from {available} available")


def profile(shop_env: dict[str, str], token: str, total: int) -> None:
    output = ROOT / f"bench/results/profile-{total}.txt"
    paths = [
        "POST:" + target.path if "post" in target.script else target.path
        for target in TARGETS
        if target.server == "shop"
    ]
    completed = subprocess.run(
        [sys.executable, "-m", "bench.profile_requests", str(output), *paths],
        cwd=ROOT,
        env={**os.environ, **shop_env, "BENCH_TOKEN": token},
        check=False,
    )
    # A failed profile must not cost the measurements already taken.
    if completed.returncode != 0:
        logger.error("profiling failed with exit status %d", completed.returncode)
        return
    logger.info("wrote %s", output.relative_to(ROOT))


def measure_hot_product(database_url: str, token: str, number: int) -> dict:
    product_id = catalogue.add_hot_product(_conninfo(database_url), number, HOT_UNITS)
    result = load.run_hot_product(SHOP_PORT, token, product_id)
    sold, left = catalogue.sold_units(_conninfo(database_url), product_id)
    passed = result.created == HOT_UNITS and sold == HOT_UNITS and left == 0
    logger.info("hot product: %d orders, %d sold, %d left", result.created, sold, left)
    return {
        "clients": load.HOT_CLIENTS,
        "units": HOT_UNITS,
        "created": result.created,
        "rejected": result.rejected,
        "unexpected": result.unexpected,
        "units_sold": sold,
        "units_left": left,
        "orders_per_second": result.orders_per_second,
        "passed": passed and not result.unexpected,
    }


def build_document(options, sizes: list[dict]) -> dict:
    return {
        "command": _command(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "machine": report.machine(),
        "settings": {
            "rounds": options.rounds,
            "duration": options.duration,
            "connections": options.connections,
        },
        "targets": [
            {
                "name": target.name,
                "method": "POST" if "post" in target.script else "GET",
                "path": target.path,
                "note": TARGET_NOTES[target.name],
            }
            for target in TARGETS
        ],
        "sizes": sizes,
    }


def _runner(options, urls, token, total):
    def run(target: load.Target, *, warmup: bool) -> dict:
        return load.run_wrk(
            target,
            urls[target.server],
            token=token,
            max_product_id=total,
            duration=1 if warmup else options.duration,
            connections=options.connections,
        )

    return run


def _command() -> str:
    """Return the make command that repeats this run's settings."""
    names = [
        "BENCH_PRODUCTS",
        "BENCH_ROUNDS",
        "BENCH_DURATION",
        "BENCH_CONNECTIONS",
        "BENCH_PROFILE",
    ]
    settings = [f"{name}={os.environ[name]}" for name in names if os.environ.get(name)]
    options = " ".join(sys.argv[1:])
    return " ".join(["make bench", *settings] + ([f"(bench/run.sh {options})"] if options else []))


def _flush_cache() -> None:
    subprocess.run(
        ["redis-cli", "-u", os.environ["BENCH_REDIS_URL"], "flushdb"],
        check=True,
        capture_output=True,
    )


def _conninfo(database_url: str) -> str:
    return database_url.replace("postgres://", "postgresql://", 1)


def _all_passed(sizes: list[dict]) -> bool:
    errors = sum(row["errors"] for size in sizes for row in size["summary"])
    return errors == 0 and all(size["hot_product"]["passed"] for size in sizes)


if __name__ == "__main__":
    sys.exit(main())
