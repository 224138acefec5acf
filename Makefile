# Two entry points a new machine needs: `make up` (the main job) and `make test`.
# Both build the virtualenv from pyproject.toml first; Neo4j is fetched on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: up test lint bench soak screenshots neo4j-stop clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

up: $(STAMP)
	$(BIN)/claimgraph web provision
	$(BIN)/claimgraph up

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/claimgraph neo4j provision
	$(BIN)/claimgraph web provision
	$(BIN)/pytest

soak: $(STAMP)
	$(BIN)/claimgraph neo4j provision
	$(BIN)/pytest -m soak -s

bench: $(STAMP)
	$(BIN)/python -m bench.ingest --claims 10000 100000
	$(BIN)/python -m bench.reconciliation --claims 100000
	$(BIN)/python -m bench.api
	$(BIN)/python -m bench.report_pages

# The README's screenshots, from a throwaway Neo4j and API in headless Chromium, into docs/.
screenshots: $(STAMP)
	$(BIN)/claimgraph neo4j provision
	$(BIN)/claimgraph web provision
	$(BIN)/python -m tests.screenshots

neo4j-stop: $(STAMP)
	$(BIN)/claimgraph neo4j stop

clean:
	rm -rf $(VENV) .neo4j .pytest_cache .mypy_cache .ruff_cache
