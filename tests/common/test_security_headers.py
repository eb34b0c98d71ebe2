import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PAGES = ["/api/docs/", "/admin/login/", "/api/products", "/healthz"]


def csp_directives(response) -> dict[str, set[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_strict_csp(client, path):
    directives = csp_directives(client.get(path))

    assert directives["script-src"] == {"'self'"}
    assert directives["style-src"] == {"'self'"}
    assert directives["frame-ancestors"] == {"'none'"}
    assert directives["object-src"] == {"'none'"}


@pytest.mark.django_db
def test_docs_page_has_no_inline_script_or_style(client):
    html = client.get("/api/docs/").content.decode()

    assert "<style" not in html
    assert "style=" not in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts
    assert all("src=" in attributes for attributes in scripts)


@pytest.mark.django_db
def test_docs_start_up_script_is_served_as_javascript(client):
    response = client.get("/api/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()


@pytest.mark.django_db
def test_pages_refuse_framing(client):
    response = client.get(reverse("admin:login"))

    assert response.headers["X-Frame-Options"] == "DENY"


def test_production_settings_pass_deploy_check():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    environment.pop("DEBUG", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr
