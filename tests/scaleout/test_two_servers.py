"""Two gunicorn servers share one PostgreSQL database and one Redis.

Concurrent orders for the same few products go to both servers; afterwards no
unit is oversold and every 201 has exactly one order row. Failed logins sent
to both servers add up in one throttle.

The test makes its own database (SCALEOUT_DATABASE_PREFIX plus the process
id) on the server of SCALEOUT_POSTGRES_URL. In the Redis database of
SCALEOUT_REDIS_URL the servers use a key prefix of their own, whose keys are
deleted afterwards, so other users of that database are left alone. The
servers listen on SCALEOUT_PORTS, or on two free ports.
"""

import json
import os
import random
import secrets
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
import requests
from django.conf import settings
from psycopg import sql

from tests.conftest import skip_or_fail

pytestmark = pytest.mark.postgres


def _maintenance_url() -> str:
    """Return the URL of the `postgres` database on the server the suite runs on."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if suite_url.startswith(("postgres://", "postgresql://")):
        return urlsplit(suite_url)._replace(path="/postgres").geturl()
    return ""


# The suite's own servers unless SCALEOUT_* variables name others. With
# neither set, the `postgres` marker keeps this module from running
# (see tests/conftest.py).
POSTGRES_URL = os.environ.get("SCALEOUT_POSTGRES_URL") or _maintenance_url()
REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL") or os.environ.get("REDIS_URL", "")
DATABASE_PREFIX = os.environ.get("SCALEOUT_DATABASE_PREFIX", "shop_sec_scaleout")
CACHE_KEY_PREFIX = f"scaleout-{os.getpid()}"

INITIAL_STOCK = [20, 15, 10]
BUYERS = 8
ORDERS = 80
IDEMPOTENT_PAIRS = 10
CLIENT_THREADS = 16
REQUEST_TIMEOUT = 30
BUYER_PASSWORD = "Scale-out-buyer-password-5"

SEED_SCRIPT = f"""
import json
from shop.accounts.models import User
from shop.accounts.tokens import issue_token_pair
from shop.catalog.models import Product

stocks = {INITIAL_STOCK!r}
products = [
    Product.objects.create(sku=f"SCALE-{{n}}", name=f"Scale {{n}}", price="5.00", stock=stock)
    for n, stock in enumerate(stocks)
]
buyers = [
    User.objects.create_user(email=f"buyer{{n}}@example.com", password={BUYER_PASSWORD!r})
    for n in range({BUYERS})
]
print(json.dumps({{
    "products": {{product.pk: product.stock for product in products}},
    "tokens": [issue_token_pair(buyer).access for buyer in buyers],
    "emails": [buyer.email for buyer in buyers],
}}))
"""


def require_services() -> None:
    if not POSTGRES_URL or not REDIS_URL:
        skip_or_fail("the scale-out test needs DATABASE_URL on PostgreSQL and REDIS_URL")
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        skip_or_fail(f"PostgreSQL at {POSTGRES_URL} is unavailable: {error}")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis at {REDIS_URL} is unavailable: {error}")


@pytest.fixture(scope="module")
def database_url():
    """Create an empty PostgreSQL database for the servers; drop it afterwards."""
    require_services()
    name = f"{DATABASE_PREFIX}_{os.getpid()}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield urlsplit(POSTGRES_URL)._replace(path=f"/{name}").geturl()
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="module")
def shared_redis():
    """Yield the Redis URL; delete every key with this run's prefix afterwards."""
    yield REDIS_URL
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{CACHE_KEY_PREFIX}:*", count=1000))
    if keys:
        client.delete(*keys)


def server_ports() -> list[int]:
    configured = os.environ.get("SCALEOUT_PORTS")
    if configured:
        return [int(port) for port in configured.split(",")]
    # Port 0 makes the kernel pick a free port. Both probes stay open until
    # both ports are known, so they differ; gunicorn binds them a moment later.
    probes = [socket.socket() for _ in range(2)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def server_environment(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        # The contract's defaults, set here so a developer's shell cannot change them.
        "LOGIN_FAILURES_PER_EMAIL": "10",
        "LOGIN_FAILURES_PER_ADDRESS": "50",
        "LOGIN_FAILURE_WINDOW": "900",
    }


def manage(environment: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def servers(database_url, shared_redis, tmp_path_factory):
    """Migrate and seed the database, then start one gunicorn per port; yield URLs and seed."""
    environment = server_environment(database_url, shared_redis)
    manage(environment, "migrate", "--no-input", "--verbosity", "0")
    seed = json.loads(manage(environment, "shell", "--no-imports", "-c", SEED_SCRIPT))

    log_folder = tmp_path_factory.mktemp("servers")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    processes = []
    logs = []
    ports = server_ports()
    for port in ports:
        log_path = log_folder / f"server-{port}.log"
        logs.append(log_path)
        # The production gunicorn settings, with two workers per server.
        server_env = {**environment, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2"}
        with log_path.open("w") as log_file:
            processes.append(
                subprocess.Popen(  # noqa: S603 - fixed arguments, our own WSGI app
                    [str(gunicorn), "--config", "config/gunicorn.py", "config.wsgi"],
                    cwd=settings.BASE_DIR,
                    env=server_env,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            )
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            wait_until_healthy(url, process)
        yield urls, seed, database_url
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        for log_path in logs:
            errors = [line for line in log_path.read_text().splitlines() if "Traceback" in line]
            assert not errors, (
                f"{log_path.name} logged a traceback:\n{log_path.read_text()[-4000:]}"
            )


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"server {url} exited with {process.returncode}"
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    pytest.fail(f"server {url} did not answer /healthz within {timeout} s")


def random_order(product_ids: list[int], rng: random.Random) -> dict:
    chosen = rng.sample(product_ids, rng.randint(1, len(product_ids)))
    return {"items": [{"product_id": pk, "quantity": rng.randint(1, 3)} for pk in chosen]}


def post_order(url: str, token: str, body: dict, idempotency_key: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"}
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key
    response = requests.post(
        f"{url}/api/orders", json=body, headers=headers, timeout=REQUEST_TIMEOUT
    )
    return {"status": response.status_code, "body": response.json(), "body_sent": body}


def database_state(database_url: str) -> tuple[dict[int, int], dict[int, dict[int, int]]]:
    """Return stock per product, and the quantity per product of every stored order."""
    with psycopg.connect(database_url) as connection:
        stock = dict(connection.execute("SELECT id, stock FROM catalog_product").fetchall())
        orders: dict[int, dict[int, int]] = {}
        rows = connection.execute(
            "SELECT o.id, i.product_id, i.quantity FROM orders_order o "
            "JOIN orders_orderitem i ON i.order_id = o.id"
        ).fetchall()
    for order_id, product_id, quantity in rows:
        orders.setdefault(order_id, {})[product_id] = quantity
    return stock, orders


def test_two_servers_never_oversell(servers):
    urls, seed, database_url = servers
    initial = {int(pk): stock for pk, stock in seed["products"].items()}
    rng = random.Random(20261204)
    jobs = [
        (urls[n % len(urls)], rng.choice(seed["tokens"]), random_order(list(initial), rng), None)
        for n in range(ORDERS)
    ]
    # The same key and body sent to both servers at once must buy once.
    for n in range(IDEMPOTENT_PAIRS):
        token, body = seed["tokens"][n % BUYERS], random_order(list(initial), rng)
        jobs += [(url, token, body, f"pair-{n}") for url in urls]
    rng.shuffle(jobs)

    with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
        results = list(pool.map(lambda job: post_order(*job), jobs))

    statuses = Counter(result["status"] for result in results)
    stock, orders = database_state(database_url)
    created = [result for result in results if result["status"] == 201]
    created_ids = Counter(result["body"]["id"] for result in created)
    units_left = sum(stock.values())
    print(
        f"\nscale-out: {len(results)} orders sent to {len(urls)} servers, "
        f"{len(created_ids)} accepted ({statuses[201]} responses 201), statuses {dict(statuses)}, "
        f"units left {units_left} of {sum(initial.values())}"
    )

    assert set(statuses) <= {201, 400, 409}, statuses
    assert created_ids, "no order was accepted"
    assert statuses[400] > 0, "demand never exceeded the stock, so overselling was not tested"
    for result in results:
        if result["status"] == 400:
            codes = {error["code"] for error in result["body"]["errors"]}
            assert codes <= {"insufficient_stock", "not_available"}, result
    # Every accepted order id has exactly one stored order with the bought lines.
    assert set(orders) == set(created_ids)
    for result in created:
        bought = {line["product_id"]: line["quantity"] for line in result["body"]["items"]}
        assert orders[result["body"]["id"]] == bought
    # Only an idempotent replay may return 201 twice with one id.
    assert all(count <= 2 for count in created_ids.values())
    for product_id, units in initial.items():
        sold = sum(lines.get(product_id, 0) for lines in orders.values())
        assert stock[product_id] >= 0
        assert stock[product_id] == units - sold


def test_two_servers_share_login_throttle(servers):
    urls, seed, _ = servers
    email = seed["emails"][0]

    def login(url: str, password: str) -> requests.Response:
        body = {"email": email, "password": password}
        return requests.post(f"{url}/api/auth/login", json=body, timeout=REQUEST_TIMEOUT)

    failures = [login(urls[n % len(urls)], f"wrong-{n}").status_code for n in range(10)]
    throttled = [login(url, BUYER_PASSWORD) for url in urls]

    assert failures == [401] * 10
    for response in throttled:
        assert response.status_code == 429, response.text
        assert 1 <= int(response.headers["Retry-After"]) <= 16 * 60
        assert response.json()["errors"][0]["code"] == "throttled"
