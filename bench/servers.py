"""Start and stop the gunicorn servers that the benchmark loads."""

import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# The settings of `make serve`, used for all three servers so that they differ
# only in the app; the options below override its address, workers and logs.
GUNICORN_CONFIG = Path(__file__).resolve().parent.parent / "config" / "gunicorn.py"
READY_TIMEOUT_SECONDS = 60
WORKERS = 2


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen = field(repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start(
    *, name: str, app: str, port: int, env: dict[str, str], run_dir: Path, ready_path: str
) -> Server:
    """Start gunicorn with 2 sync workers on 127.0.0.1 and wait until `ready_path` responds."""
    log = (run_dir / f"{name}.log").open("ab")
    command = [
        GUNICORN,
        app,
        f"--workers={WORKERS}",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        f"--pid={run_dir / f'{name}.pid'}",
        "--log-level=warning",
        f"--access-logfile={run_dir / f'{name}.access.log'}",
        # Three servers of one user would otherwise share one control socket.
        "--no-control-socket",
        # A worker that restarts after max_requests stalls its server for the
        # seconds Django takes to boot, which swamps a 5-second measurement.
        "--max-requests=0",
    ]
    if GUNICORN_CONFIG.exists():
        command.insert(2, f"--config={GUNICORN_CONFIG}")
    process = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
    )
    server = Server(name=name, port=port, process=process)
    _wait_until_ready(server, ready_path, log.name)
    return server


def stop(servers: list[Server]) -> None:
    for server in servers:
        if server.process.poll() is None:
            server.process.terminate()
    for server in servers:
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()


def _wait_until_ready(server: Server, path: str, log_name: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited at start; see {log_name}")
        try:
            with urllib.request.urlopen(server.base_url + path, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # The server responded, even if with an error status.
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(
        f"{server.name} did not respond within {READY_TIMEOUT_SECONDS} s; see {log_name}"
    )
