# Everyday targets (see README). Everything runs inside .venv/, built by `make install`
# from requirements.lock, so a fresh machine gets the same versions as CI.
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := false
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: install run test test-all bench docs lint lock clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: install
	$(BIN)/winnow run

# The fast tier (library, parser, metrics, dbt, evaluation gates; a few minutes).
test: install
	$(BIN)/python -m pytest -m "not slow"

# The whole suite, end-to-end runs, crash and reader tests included: what CI runs.
test-all: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench

docs: install
	$(BIN)/winnow docs

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

# Re-resolve requirements.in into requirements.lock (needs the package registry).
lock:
	rm -rf .lock-venv && $(PY) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	.lock-venv/bin/pip freeze --all --exclude-editable | grep -v -e '^-e' -e '^pip==' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf warehouse/*.duckdb warehouse/.staging warehouse/.dbt warehouse/parquet warehouse/.parquet-* warehouse/docs dbt/target dbt/logs
