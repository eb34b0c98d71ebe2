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

.PHONY: install migrate demo run serve test test-postgres lint format clean

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

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .tools staticfiles .pytest_cache .ruff_cache
