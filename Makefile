# Every target sets up what it needs from nothing: Debian packages, virtualenv, npm assets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# PyICU compiles against ICU; WeasyPrint (the PDF reports) needs Pango and a Times-like font.
APT_PACKAGES := libicu-dev pkg-config g++ libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation
TEST_APT_PACKAGES := chromium fonts-dejavu-core
HTMX := src/tochuc/static/vendor/htmx.min.js

.PHONY: run test test-fast bench lint format setup sysdeps browser clean

# Plain HTTP for the demo on this machine (production is HTTPS only: docs/operator.md).
run: setup
	TOCHUC_HTTPS=$${TOCHUC_HTTPS:-0} $(BIN)/tochuc serve --demo $(ADDRESS)

# The suite runs on every core (pytest-xdist): PYTEST_ARGS="-n 0" runs it in one process.
PYTEST_ARGS ?= -n auto
test: setup browser
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

# The benchmark suite: SCALE=province (SQLite and PostgreSQL, ~3 min the first time) or
# SCALE=nation (PostgreSQL, 6 M members: the database is built once, ~17 min, then kept).
SCALE ?= province
bench: setup
	$(BIN)/python bench/run.py --scale $(SCALE) $(BENCH_ARGS)

# Lint needs the virtualenv only (ruff), not the npm assets.
lint: sysdeps $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: sysdeps $(VENV)/.installed
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

setup: sysdeps $(VENV)/.installed $(HTMX)

# Debian packages (APT_PACKAGES), installed only when missing.
sysdeps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Cài gói Debian:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; fi

# Chromium from Debian for the browser tests (never a browser downloaded by a tool).
browser:
	@missing=""; for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Cài gói Debian:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; fi

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

$(HTMX): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $(HTMX))
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

clean:
	rm -rf $(VENV) node_modules src/tochuc/static/vendor
