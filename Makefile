# WageGuard: `make demo` runs the product on SQLite with a demo province; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
RUN := $(UV) run --frozen

.PHONY: demo test setup uv deps assets browser lint format bench clean

demo: setup
	$(RUN) wageguard demo

test: setup browser
	$(RUN) pytest

setup: uv deps assets

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || \
		{ echo "installing uv"; $(PYTHON) -m pip install --quiet uv; }

deps:
	$(UV) sync --frozen --quiet

assets:
	@if [ ! -d frontend/node_modules/bootstrap ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then \
		cd frontend && npm ci --no-audit --no-fund --loglevel=error; fi

# Browser tests drive Debian's Chromium with a CJK font; installed here when this user may.
browser:
	@bash .ci/browser.sh

lint:
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format:
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

bench: setup
	$(RUN) python bench/routing.py

clean:
	rm -rf var/static test-results
