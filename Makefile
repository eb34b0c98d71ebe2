# Two commands set up a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install migrate demo run run-google-demo serve test test-postgres lint format bench clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Installs exactly what uv.lock pins, dev tools included.
install: $(UV)
	$(UV) sync --frozen --python $(PYTHON)

migrate: install
	$(MANAGE) migrate --no-input

# Loads the demo catalogue only into an empty database.
demo: migrate
	$(MANAGE) import_products --if-empty data/demo_products.csv

# Development server with DEBUG on, on http://127.0.0.1:$(PORT).
run: demo
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Offline demo of Google sign-in. NEVER use it in production: the stand-in
# provider (devtools/oidc_provider.py) on http://127.0.0.1:$(OIDC_PORT) signs in
# $(GOOGLE_DEMO_EMAIL) without asking, and the development server trusts it.
OIDC_PORT ?= 9000
GOOGLE_DEMO_EMAIL ?= demo.user@example.com
run-google-demo: demo
	@echo "Stand-in Google provider for offline demos only: NEVER use it in production." >&2
	$(BIN)/python -m devtools.oidc_provider --port $(OIDC_PORT) --email $(GOOGLE_DEMO_EMAIL) \
	    --client-id shop-demo-client --client-secret shop-demo-secret \
	    --redirect-uri http://127.0.0.1:$(PORT)/auth/google/callback \
	    --redirect-uri http://localhost:$(PORT)/auth/google/callback & \
	provider=$$!; trap 'kill $$provider 2>/dev/null' EXIT; \
	GOOGLE_OIDC_ISSUER=http://127.0.0.1:$(OIDC_PORT) GOOGLE_CLIENT_ID=shop-demo-client \
	    GOOGLE_CLIENT_SECRET=shop-demo-secret GOOGLE_EXTRA_CLIENT_IDS= \
	    $(MANAGE) runserver 127.0.0.1:$(PORT)

# Production-style server on http://127.0.0.1:$(PORT) (HOST changes the address):
# gunicorn (config/gunicorn.py), DEBUG off, static files by whitenoise, settings
# and DATABASE_URL from the environment. The HTTPS-only settings default to off
# so plain http works locally, so set them to true behind a TLS proxy. Pass the
# key with `make serve SECRET_KEY=...`, or a throwaway key is made for the run.
serve: export DJANGO_SETTINGS_MODULE := config.settings.production
serve: export SECURE_SSL_REDIRECT ?= false
serve: export SESSION_COOKIE_SECURE ?= false
serve: export CSRF_COOKIE_SECURE ?= false
serve: export SECURE_HSTS_SECONDS ?= 0
serve: install
	@if [ -z "$${SECRET_KEY:-}" ]; then \
	    echo "SECRET_KEY is not set: using a throwaway key, so tokens stop working" \
	         "when the server stops. Set one with: make serve SECRET_KEY=..." >&2; \
	fi; \
	export SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"; \
	$(MANAGE) collectstatic --no-input --verbosity 0 && \
	$(MANAGE) migrate --no-input && \
	PORT="$(PORT)" exec $(BIN)/gunicorn --config config/gunicorn.py config.wsgi

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Side-by-side benchmark on PostgreSQL (bench/run.sh; not part of CI): the shop,
# a bare Django view and a bare WSGI app. BENCH_PRODUCTS sets the catalogue
# sizes, comma-separated (default 10000; 10000,1000000 measures both in one run).
# Writes docs/benchmarks.md and bench/results/latest.json.
bench: install
	bench/run.sh

clean:
	rm -rf $(VENV) .tools staticfiles .pytest_cache .ruff_cache
