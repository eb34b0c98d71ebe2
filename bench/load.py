"""Run wrk against one target, and the hot-product case with Python threads."""

import http.client
import json
import os
import subprocess
import threading
import time
from dataclasses import dataclass

WRK_RESULT_PREFIX = "BENCH_RESULT "
HOT_CLIENTS = 64
HOT_DEADLINE_SECONDS = 120
HOT_MAX_REQUESTS_PER_CLIENT = 1000


@dataclass(frozen=True)
class Target:
    name: str
    server: str
    path: str
    script: str = "bench/wrk/get.lua"
    authenticated: bool = True


def run_wrk(
    target: Target,
    base_url: str,
    *,
    token: str,
    max_product_id: int,
    duration: int,
    connections: int,
) -> dict:
    """Load one URL for `duration` seconds; return wrk's counts with req/s added."""
    env = {
        **os.environ,
        "BENCH_TOKEN": token if target.authenticated else "",
        "BENCH_MAX_PRODUCT_ID": str(max_product_id),
    }
    command = [
        "wrk",
        "--threads=1",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=10s",
        f"--script={target.script}",
        base_url + target.path,
    ]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed on {target.name}: {completed.stderr.strip()}")
    output = completed.stdout
    for line in output.splitlines():
        if line.startswith(WRK_RESULT_PREFIX):
            result = json.loads(line.removeprefix(WRK_RESULT_PREFIX))
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            return result
    raise RuntimeError(f"wrk printed no result line for {target.name}:\n{output}")


@dataclass
class HotResult:
    created: int
    rejected: int
    unexpected: dict
    seconds_to_sell_out: float

    @property
    def orders_per_second(self) -> float:
        return self.created / self.seconds_to_sell_out if self.seconds_to_sell_out else 0.0


def run_hot_product(port: int, token: str, product_id: int) -> HotResult:
    """Let 64 clients order one unit each, again and again, until the product is sold out."""
    body = json.dumps({"items": [{"product_id": product_id, "quantity": 1}]})
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    result = HotResult(created=0, rejected=0, unexpected={}, seconds_to_sell_out=0.0)
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + HOT_DEADLINE_SECONDS

    def client() -> None:
        for _ in range(HOT_MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() > deadline:
                return
            status = _post(port, body, headers)
            with lock:
                if status == 201:
                    result.created += 1
                    result.seconds_to_sell_out = time.monotonic() - start
                elif status == 400:
                    result.rejected += 1
                    return  # Sold out: this client is done.
                else:
                    result.unexpected[status] = result.unexpected.get(status, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(HOT_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def _post(port: int, body: str, headers: dict) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", "/api/orders", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()
