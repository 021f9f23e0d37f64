# Everything runs from the virtual environment in .venv, made here from
# pyproject.toml: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Material prints a banner about MkDocs 2.0 on every build; we pin mkdocs<2 (see README).
export NO_MKDOCS_2_WARNING := 1
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site briefings install test lint bench serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

## Generate briefings from sources/ and build the static site into site/.
site: briefings
	$(BIN)/mkdocs build --strict --quiet
	@echo "site built: site/index.html"

## Regenerate briefings/ from sources/.
briefings: $(STAMP)
	$(BIN)/briefings build

## Lint the GitHub workflows, then run every test.
test: $(TEST_STAMP) lint
	$(BIN)/python -m pytest

lint: $(TEST_STAMP)
	$(BIN)/actionlint .github/workflows/*.yml

## Measurements against the evaluation data in ../shared/eval (when present).
bench: $(TEST_STAMP)
	$(BIN)/python -m tests.benchmarks.run

serve: briefings
	$(BIN)/mkdocs serve

clean:
	rm -rf site .cache bench
