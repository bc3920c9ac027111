# Parlour developer commands. `make demo` starts the server with a demo business on SQLite;
# `make test` runs every check and the whole suite on SQLite and PostgreSQL (what CI runs).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup browser demo serve test lint coverage bench clean

$(BIN)/parlour: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/parlour

setup: $(BIN)/parlour

demo: setup
	$(BIN)/parlour demo --url http://$(HOST):$(PORT)
	$(BIN)/parlour serve --host $(HOST) --port $(PORT)

serve: setup
	$(BIN)/parlour serve --host $(HOST) --port $(PORT)

# The browser tests (tests/web) drive the system Chromium. Installed here when missing and we
# may (root with apt-get, as on CI); elsewhere those tests skip and say why.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "No /usr/bin/chromium and no root to install it: tests/web will skip."; \
	  fi; \
	fi

test: setup browser
	$(BIN)/python scripts/check.py

lint: setup
	$(BIN)/python scripts/check.py --only lint

coverage: setup
	$(BIN)/python scripts/endpoint_coverage.py

bench: setup
	$(BIN)/python bench/availability.py

clean:
	rm -rf $(VENV) parlour.db parlour.db-* parlour-data
