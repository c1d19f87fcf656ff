# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-slow setup clean bench eval lint lock

# The lock pins every dependency (with hashes) for a reproducible install; pyproject keeps the lower
# bounds for people who use framelens as a library. `make lock` refreshes it after a dependency change.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/framelens run corpus/ --out out/demo/ --store out/demo/store.sqlite

# The quick suite, on every core (pytest-xdist; a file's tests stay in one worker so its module fixtures
# parse once); the longer tests over ../shared/data (marked slow) run in CI with `make test-slow`.
test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" -n auto --dist loadfile

test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

eval: $(STAMP)
	$(BIN)/framelens eval ../shared/gold evaluation/gold

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests benchmarks evaluation
	$(BIN)/mypy

lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/python -m piptools compile --quiet --generate-hashes --allow-unsafe --extra dev \
		--strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) out .pytest_cache
