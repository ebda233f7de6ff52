# Quick start: `make demo` (core install + a cited briefing and a story digest of examples/) and
# `make test` (dev + embeddings (both backends) + model extras, then the whole suite, lint and types; dev includes [track], so
# the store's tests run on SQLite and, when PostgreSQL's binaries are installed, on a real PostgreSQL server).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip -q

.PHONY: demo test install dev lint typecheck bench clean

$(VENV)/.core: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e .
	touch $@

# torch is pinned to the CPU build first, or sentence-transformers pulls CUDA torch.
$(VENV)/.dev: $(VENV)/.core
	$(PIP) install torch==2.13.0
	$(PIP) install -e '.[dev,embeddings,embeddings-torch,model]'
	touch $@

install: $(VENV)/.core

dev: $(VENV)/.dev

demo: $(VENV)/.core
	$(VENV)/bin/precis summarize examples/geneva_talks.jsonl --words 150 --format md
	$(VENV)/bin/precis digest examples/geneva_talks.jsonl examples/other_news.jsonl --words 60 --timeline-dates 2

test: $(VENV)/.dev
	$(PY) -m pytest
	$(PY) -m ruff check src tests
	$(PY) -m mypy

lint: $(VENV)/.dev
	$(PY) -m ruff check src tests

typecheck: $(VENV)/.dev
	$(PY) -m mypy

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
