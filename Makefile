# Parlour developer commands. `make demo` starts the server with a demo business on SQLite;
# `make test` runs every check and the whole suite on SQLite and PostgreSQL (what CI runs).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo serve test lint coverage bench clean

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

test: setup
	$(BIN)/python scripts/check.py

lint: setup
	$(BIN)/python scripts/check.py --only lint

coverage: setup
	$(BIN)/python scripts/endpoint_coverage.py

bench: setup
	$(BIN)/python bench/availability.py

clean:
	rm -rf $(VENV) parlour.db parlour.db-* parlour-data
