# ConsoleMe: the two commands that matter are `make demo` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
UI_INDEX := consoleme/static/ui/index.html
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/package.json
TMP_API := $(shell mktemp -d -u /tmp/consoleme-api.XXXXXX)

.DEFAULT_GOAL := help
.PHONY: help install ui demo serve test lint typecheck importlint api-types vitest pytest \
        unit integration e2e docs openapi bench bench-cli bench-inventory bench-requests clean

help:
	@echo "make demo   run the whole product locally on http://127.0.0.1:8081"
	@echo "make test   every check and test (lint, types, layers, API types, Vitest, pytest, e2e)"
	@echo "make ui     build the UI into consoleme/static/ui"
	@echo "make docs   regenerate docs/configuration.md"
	@echo "make bench  print startup, memory and credential brokering figures"

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml default_plugins/pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps -e . -e default_plugins
	touch $@

install: $(VENV)/.installed

ui/node_modules/.installed: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

$(UI_INDEX): ui/node_modules/.installed $(UI_SOURCES)
	cd ui && npm run build

ui: $(UI_INDEX)

demo: install ui
	$(BIN)/consoleme demo

lint: install
	$(BIN)/ruff check consoleme default_plugins tests bench
	$(BIN)/ruff format --check consoleme default_plugins tests bench

typecheck: install
	$(BIN)/mypy

importlint: install
	$(BIN)/lint-imports

# The UI's TypeScript types are generated from the server's OpenAPI document; fail on drift.
api-types: install ui/node_modules/.installed
	mkdir -p $(TMP_API)
	$(BIN)/consoleme openapi $(TMP_API)/openapi.json
	diff -u ui/openapi.json $(TMP_API)/openapi.json || (echo "ui/openapi.json is stale: run make openapi" && false)
	rm -rf $(TMP_API)
	cd ui && npm run --silent check:api || (echo "schema.d.ts is stale: run make openapi" && false)

openapi: install ui/node_modules/.installed
	$(BIN)/consoleme openapi ui/openapi.json
	cd ui && npm run gen:api

vitest: ui/node_modules/.installed
	cd ui && npm run typecheck && npm test

unit: install
	$(BIN)/pytest -m unit -q

integration: install
	$(BIN)/pytest -m integration -q

e2e: install ui
	$(BIN)/pytest -m e2e -q

pytest: install ui
	$(BIN)/pytest -q

test: lint typecheck importlint api-types vitest pytest

docs: install
	$(PY) -m consoleme.config.reference > docs/configuration.md

bench: install bench-cli
	$(PY) bench/startup.py
	$(PY) bench/credentials.py

# The cme CLI: a cached credential-process as a whole process, and cme serve's ECS endpoint.
bench-cli: install
	$(PY) bench/cli.py

# About 4 minutes: a full inventory refresh against sequential boto3, and search over 1M entries.
bench-inventory: install
	$(PY) bench/inventory.py

# About 7 minutes: the request list over 100,000 stored requests on SQLite, then on DynamoDB (moto).
bench-requests: install
	$(PY) bench/requests.py

clean:
	rm -rf $(VENV) ui/node_modules consoleme/static/ui .consoleme-data .consoleme-demo
