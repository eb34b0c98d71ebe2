"""Profile the shop's request handling in-process with pyinstrument.

bench/run.sh starts this with `--profile`, after loading the catalogue and
signing in, with the shop's production settings and BENCH_TOKEN in the
environment. Each path is requested REQUESTS times through Django's test
client, which runs the whole middleware stack but no HTTP server.
"""

import argparse
import json
import os
import sys
from pathlib import Path

import django

REQUESTS = 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path, help="text file for the call trees")
    parser.add_argument("paths", nargs="+", help="GET paths, or POST:/api/orders")
    options = parser.parse_args()

    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    client = Client(
        SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {os.environ['BENCH_TOKEN']}"
    )
    sections = []
    for path in options.paths:
        _request(client, path)  # Warm up: connection, caches, lazy imports.
        profiler = Profiler(interval=0.0005)
        with profiler:
            for number in range(REQUESTS):
                _request(client, path, number)
        text = profiler.output_text(unicode=False, color=False, short_mode=True)
        sections.append(f"==== {path}: {REQUESTS} requests ====\n{text}")

    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text("\n".join(sections))
    return 0


def _request(client, path: str, number: int = 0) -> None:
    if path.startswith("POST:"):
        # Two different available products (see bench/catalogue.py).
        items = [
            {"product_id": 1 + number % 500 * 10, "quantity": 1},
            {"product_id": 2 + number % 500 * 10, "quantity": 1},
        ]
        response = client.post(
            path.removeprefix("POST:"),
            json.dumps({"items": items}),
            content_type="application/json",
        )
    else:
        response = client.get(path)
    if response.status_code >= 400:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.content[:200]!r}")


if __name__ == "__main__":
    sys.exit(main())
