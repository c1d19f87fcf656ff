# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup clean bench eval lint

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/framelens run corpus/ --out out/demo/ --store out/demo/store.sqlite

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/framelens eval ../shared/gold $(filter-out %/stories.json,$(wildcard evaluation/gold/*.json))

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --articles 400 --memory --memory-sizes 350,1397

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache
