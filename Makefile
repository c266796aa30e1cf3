# One task file for people and CI.
PYTHON ?= python3

.PHONY: test lint check bench bench-generate bench-cohort bench-serve

test:
	$(PYTHON) -m pytest

lint:
	$(PYTHON) -m ruff check src tests benchmarks
	$(PYTHON) -m ruff format --check src tests benchmarks
	$(PYTHON) -m mypy
	lint-imports

check: lint test

bench: bench-generate bench-cohort bench-serve

bench-generate:
	$(PYTHON) benchmarks/bench_generate.py

bench-cohort:
	$(PYTHON) benchmarks/bench_cohort.py

bench-serve:
	$(PYTHON) benchmarks/bench_serve.py
