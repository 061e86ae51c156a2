# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/kamtui demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

# Not part of `make test`: run.py prints issue 8's table (figure, measured, target,
# pass/fail) on the scale store, built once (cached); then the older, narrower scripts:
# a 100,000-item store and a 5,000-account store, and 100,000-row CSV imports. Options go
# through RUN_ARGS, BENCH_ARGS, ACCOUNTS_BENCH_ARGS and IMPORTS_BENCH_ARGS, e.g.
# make bench RUN_ARGS="--runs 3" BENCH_ARGS="--items 20000" IMPORTS_BENCH_ARGS="--rows 20000".
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py $(RUN_ARGS)
	$(BIN)/python benchmarks/today.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/accounts.py $(ACCOUNTS_BENCH_ARGS)
	$(BIN)/python benchmarks/imports.py $(IMPORTS_BENCH_ARGS)

screenshots: $(VENV)/.installed
	$(BIN)/python screenshots/make.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
