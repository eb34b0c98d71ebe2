"""Issuer rules for production: no plain http and no loopback unless DEBUG is on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shop.accounts.google.issuer import check_production_issuer

PROJECT_ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "issuer",
    [
        "http://accounts.google.com",
        "http://127.0.0.1:9000",
        "https://127.0.0.1:9000",
        "https://127.8.9.10",
        "https://localhost:9000",
        "https://demo.localhost",
        "https://[::1]:9000",
        "https://0.0.0.0",
        "accounts.google.com",
    ],
)
def test_production_rejects_local_or_plain_http_issuer(issuer):
    with pytest.raises(ValueError, match="GOOGLE_OIDC_ISSUER"):
        check_production_issuer(issuer, debug=False)


def test_debug_allows_stand_in_issuer():
    check_production_issuer("http://127.0.0.1:9000", debug=True)


def test_production_accepts_google_issuer():
    check_production_issuer("https://accounts.google.com", debug=False)


def import_production_settings(**environment) -> subprocess.CompletedProcess:
    env = {**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "false", **environment}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_refuse_loopback_issuer():
    result = import_production_settings(GOOGLE_OIDC_ISSUER="http://127.0.0.1:9000")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "GOOGLE_OIDC_ISSUER must be an https URL" in result.stderr


def test_production_settings_allow_loopback_issuer_with_debug():
    result = import_production_settings(GOOGLE_OIDC_ISSUER="http://127.0.0.1:9000", DEBUG="true")

    assert result.returncode == 0, result.stderr
