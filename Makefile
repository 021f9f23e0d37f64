# Everything runs from the virtual environment in .venv, made here from
# pyproject.toml: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Material prints a banner about MkDocs 2.0 on every build; we pin mkdocs<2 (see README).
export NO_MKDOCS_2_WARNING := 1
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site briefings check html feeds commit-updates install test lint bench serve clean

# The site: MkDocs builds briefings/ into site/, then Pagefind (from PyPI: pagefind-bin ships
# its binary in the wheel) indexes site/ for search and writes site/pagefind/. Pagefind reads
# pagefind.yml from this folder (what to leave out of the index).
define build-site
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m pagefind_bin --site site --quiet
	@echo "site built: site/index.html (search index in site/pagefind/)"
endef
SERVE_PORT ?= 8000

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
	$(build-site)

## Regenerate briefings/ from sources/ (people's edits are kept; see CONTRIBUTING.md).
briefings: $(STAMP)
	$(BIN)/briefings build

## Fail, naming each page, when briefings/ is not what `briefings build` would write.
check: $(STAMP)
	$(BIN)/briefings check

## Build the site from briefings/ as it is (no regeneration): what a pull request would publish.
html: $(STAMP)
	$(build-site)

## Add the new articles of every feed in feeds.yml to sources/ (nothing when it lists none).
feeds: $(STAMP)
	$(BIN)/briefings add --feeds

## CI on main: commit the changed sources/ and briefings/ as the bot and push, only when
## something changed. "[skip ci]" (and the workflow's actor check) keep it from looping.
BOT_NAME ?= github-actions[bot]
BOT_EMAIL ?= 41898282+github-actions[bot]@users.noreply.github.com
commit-updates:
	git add --all -- sources briefings
	@if git diff --cached --quiet; then \
		echo "sources/ and briefings/ unchanged: nothing to commit"; \
	else \
		git -c user.name="$(BOT_NAME)" -c user.email="$(BOT_EMAIL)" \
			commit --quiet -m "Update briefings from sources [skip ci]" && git push && \
		echo "committed and pushed: $$(git log -1 --format='%h %s')"; \
	fi

## Lint the GitHub workflows, then run every test.
test: $(TEST_STAMP) lint
	$(BIN)/python -m pytest

## actionlint (from PyPI, see README) over every workflow.
lint: $(TEST_STAMP)
	$(BIN)/actionlint .github/workflows/*.yml

## Measurements against the evaluation data in ../shared/eval (when present), and the
## scale section on generated corpora: BENCH_SIZES=1000,10000,100000 (default 1000,10000).
bench: $(TEST_STAMP)
	$(BIN)/python -m tests.benchmarks.run

## Build the site (as `make site`) and serve site/ on 127.0.0.1 with search working. Search
## needs the Pagefind index that the build writes after MkDocs, so `mkdocs serve` (live
## reload while editing: .venv/bin/mkdocs serve) shows every page but cannot search.
serve: site
	@echo "serving site/ on http://127.0.0.1:$(SERVE_PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory site $(SERVE_PORT)

clean:
	rm -rf site .cache bench
