# WageGuard: `make demo` runs the product on SQLite with a demo province; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
RUN := $(UV) run --frozen

.PHONY: demo test setup uv deps assets messages system lint format bench clean

demo: setup
	$(RUN) wageguard demo

test: system setup
	$(RUN) pytest

setup: uv deps assets messages

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || \
		{ echo "installing uv"; $(PYTHON) -m pip install --quiet uv; }

deps:
	$(UV) sync --frozen --quiet

assets:
	@if [ ! -d frontend/node_modules/bootstrap ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then \
		cd frontend && npm ci --no-audit --no-fund --loglevel=error; fi

# The English UI: compiled from the committed .po files (needs gettext's msgfmt).
messages:
	@if command -v msgfmt >/dev/null; then cd src/wageguard && WAGEGUARD_TESTING=1 $(RUN) django-admin compilemessages --settings=wageguard.settings -v 0; \
		else echo "msgfmt not found: the UI stays Chinese only (apt-get install gettext)"; fi

# Chromium, a CJK font and gettext for the tests; installed here when this user may.
system:
	@bash .ci/system.sh

lint:
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) lint-imports

format:
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

bench: setup
	$(RUN) python bench/routing.py

clean:
	rm -rf var/static test-results
