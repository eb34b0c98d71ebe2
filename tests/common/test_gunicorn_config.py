import runpy
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"


@pytest.fixture
def clean_env(monkeypatch):
    for name in ["REDIS_URL", "CACHE_URL", "WEB_CONCURRENCY", "GUNICORN_THREADS"]:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_shared_cache_one_threaded_worker_runs(clean_env):
    config = runpy.run_path(str(CONFIG))

    assert config["workers"] == 1
    assert config["worker_class"] == "gthread"
    assert config["threads"] == 8


def test_with_redis_several_workers_run(clean_env):
    clean_env.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")

    config = runpy.run_path(str(CONFIG))

    assert config["workers"] >= 3
    assert "worker_class" not in config


def test_web_concurrency_sets_the_worker_count(clean_env):
    clean_env.setenv("WEB_CONCURRENCY", "2")

    assert runpy.run_path(str(CONFIG))["workers"] == 2
