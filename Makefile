# One task file for people and CI.
PYTHON ?= python3

.PHONY: test lint check bench

test:
	$(PYTHON) -m pytest

lint:
	$(PYTHON) -m ruff check src tests benchmarks
	$(PYTHON) -m ruff format --check src tests benchmarks
	$(PYTHON) -m mypy

check: lint test

bench:
	$(PYTHON) benchmarks/bench_generate.py
