# The two commands of the README: `make demo` and `make test`. Both work from a fresh clone:
# they create the virtual environment, install what is needed, then run.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: demo test setup setup-test system-deps lint clean mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

## demo: set up, build the graph from the built-in data, write the report and views.
demo: setup
	$(BIN)/rightsgraph build --out $(OUT)
	@echo "The 'rightsgraph' command is in $(BIN). To type it as the README does, first run:"
	@echo "    . $(BIN)/activate"

## system-deps: Debian packages the tests drive (Chromium for the browser tests).
system-deps:
	./scripts/install-system-deps.sh

## test: set up everything the tests need, check the types, then run the tests; nothing may skip.
test: system-deps setup-test
	$(BIN)/python -m mypy rightsgraph
	RIGHTSGRAPH_STRICT=1 $(BIN)/python -m pytest

## mutation: mutation-test the modules that guard people and data (slow; not part of test).
## MODULES=path/to/module.py limits it to some; the scores go to tests/MUTATION.md.
mutation: setup-test
	$(BIN)/python -m pip install --quiet -e '.[test,mutation]'
	$(BIN)/python scripts/mutation.py $(MODULES)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
