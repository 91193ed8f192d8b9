# Dân vận khéo — every task a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
PY_BOOT ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: help install run serve migrate messages catalogue seed worker scheduler test test-pg test-authz test-browser test-a11y test-replica test-concurrency test-faults lint format bench bench-smoke loadtest loadtest-smoke backup restore clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PY_BOOT) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

catalogue: $(STAMP) ## Compile the Vietnamese catalogues (pure Python, no gettext needed)
	$(MANAGE) compile_catalogues

migrate: $(STAMP) ## Apply database migrations (SQLite under var/ by default)
	@mkdir -p var
	$(MANAGE) migrate --noinput

seed: migrate catalogue ## Load the demo province (idempotent)
	$(MANAGE) seed_demo

run: seed ## Install, migrate, load the demo and serve http://127.0.0.1:8000 with the background worker
	$(MANAGE) collectstatic --noinput -v 0
	@$(MANAGE) demo_accounts
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl+C stops the server, the worker and the scheduler)"
	@trap 'kill 0' EXIT; \
	  $(MANAGE) db_worker --interval 2 & \
	  $(MANAGE) run_scheduler & \
	  $(MANAGE) runserver --noreload $(HOST):$(PORT)

test: $(STAMP) ## Run the whole suite on SQLite
	$(MANAGE) compile_catalogues -v 0
	$(VENV)/bin/pytest -q -n 2 --dist loadfile

test-pg: $(STAMP) ## Run the suite against PostgreSQL (DATABASE_URL=postgres://postgres@127.0.0.1:5432/dvk)
	$(MANAGE) compile_catalogues -v 0
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/dvk} $(VENV)/bin/pytest -q -n 2 --dist loadfile

test-authz: $(STAMP) ## The generated authorisation matrix: every route × every persona × own/sibling/above/public rows
	$(MANAGE) compile_catalogues -v 0
	$(VENV)/bin/pytest -q -n 2 -m authz dvk/core/tests/test_authz_matrix.py

test-browser: $(STAMP) ## Real Chromium journeys (needs Debian's chromium at /usr/bin/chromium); axe-core audits each page
	$(MANAGE) compile_catalogues -v 0
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -m browser tests/e2e --ignore-glob='tests/e2e/test_a11y_*.py'

test-a11y: $(STAMP) ## Accessibility (WCAG 2.1 AA): axe-core over every main page and the keyboard-only journey (Chromium)
	$(MANAGE) compile_catalogues -v 0
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -m browser tests/e2e/test_a11y_pages.py tests/e2e/test_a11y_keyboard.py

test-replica: $(STAMP) ## Reads from a real PostgreSQL streaming replica it starts on 127.0.0.1 (needs the server binaries)
	$(MANAGE) compile_catalogues -v 0
	$(PY) tests/replica/cluster.py

lint: $(STAMP) ## ruff, import-linter (layers), mypy (django-stubs) and makemigrations --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy dvk config
	$(MANAGE) makemigrations --check --dry-run

format: $(STAMP) ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP) ## Extract new source strings into every vi catalogue (needs GNU gettext)
	for d in . dvk/*/; do if [ -d "$$d/locale" ]; then (cd $$d && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l vi --no-obsolete -i '.venv/*' -i 'var/*' -i 'tests/*' >/dev/null); fi; done

bench-smoke: $(STAMP) ## The harness at tiny scale (CI): checks it runs, never the timings
	$(VENV)/bin/pytest -q -m bench -p no:xdist

bench: $(STAMP) ## Benchmark harness (BENCH_ARGS="--database sqlite --scale province --requests 200")
	$(PY) benchmarks/run.py $(BENCH_ARGS)

REL_DB ?= postgres://postgres@127.0.0.1:5432/dvk_rel
test-concurrency: $(STAMP) ## Concurrent double submits per domain, threads on PostgreSQL (REL_DB=postgres://…)
	$(MANAGE) compile_catalogues -v 0
	DATABASE_URL=$(REL_DB) $(VENV)/bin/pytest -q -p no:xdist tests/reliability/test_concurrency.py

test-faults: $(STAMP) ## Database outage (503, recovery), worker killed mid-task, full disk on upload (PostgreSQL)
	$(MANAGE) compile_catalogues -v 0
	DATABASE_URL=$(REL_DB) $(VENV)/bin/pytest -q -p no:xdist tests/reliability/test_faults_database.py tests/reliability/test_faults_worker.py tests/reliability/test_faults_disk.py

loadtest: $(STAMP) ## locust, 50 users, 10 minutes, gunicorn + PostgreSQL at province scale; figures into docs/benchmarks.md
	$(PY) benchmarks/loadtest.py $(LOADTEST_ARGS)

loadtest-smoke: $(STAMP) ## The load test at CI size: 10 users, 60 s, a small PostgreSQL database it generates once
	$(PY) benchmarks/loadtest.py --smoke $(LOADTEST_ARGS)

.PHONY: fuzz schemathesis audit
fuzz: $(STAMP) ## Bad input on every form and API body, and the no-5xx walk (all part of make test)
	$(MANAGE) compile_catalogues -v 0
	$(VENV)/bin/pytest -q -n 2 --dist loadfile dvk/core/tests/test_fuzz_forms.py dvk/core/tests/test_fuzz_api.py dvk/core/tests/test_no_server_errors.py dvk/core/tests/test_no_server_errors_api.py

SCHEMATHESIS_WHO ?= ,admin,tinh.bdv,xa.a,xa.b,tiepdan.xa,daibieu.1
schemathesis: $(STAMP) ## schemathesis on the OpenAPI schema, more personas and examples than make test, random seeds
	$(MANAGE) compile_catalogues -v 0
	SCHEMATHESIS_EXAMPLES=$${SCHEMATHESIS_EXAMPLES:-5} SCHEMATHESIS_RANDOM=1 SCHEMATHESIS_WHO="$(SCHEMATHESIS_WHO)" \
	  $(VENV)/bin/pytest -q -p no:xdist dvk/core/tests/test_fuzz_schemathesis.py

audit: $(STAMP) ## pip-audit of requirements.lock: a known vulnerability fails; no advisory database is a warning
	$(PY) scripts/audit_deps.py

backup: $(STAMP) ## Back up the database and the media folder into var/backups (or BACKUP_DIR)
	$(MANAGE) backup

restore: $(STAMP) ## Restore ARCHIVE=… into a fresh database (DATABASE_URL) and media folder, then verify it
	$(MANAGE) restore $(ARCHIVE)

clean: ## Remove the venv, the database and collected static files
	rm -rf $(VENV) var/db.sqlite3* var/static var/media
