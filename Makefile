# Two commands do everything on a fresh Linux machine with Python 3 and make:
#   make build   create .venv, install the pinned packages, build site/ strictly
#   make test    run every test and check (offline)
# Other targets: serve (live preview), lint, links-online (network), snippets, lighthouse.

PYTHON ?= python3
# make serve PORT=8001 when 8000 is taken; MkDocs serves the site at that address instead.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Material prints an end-of-life banner on every build; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test lint links-online snippets lighthouse clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks

test: $(STAMP) lint
	$(BIN)/python -m pytest -q tests
	$(BIN)/python scripts/validate.py links --offline
	$(BIN)/python scripts/validate.py code
	# Outdated or missing translations are listed, not fatal: the site shows them to readers.
	$(BIN)/python scripts/validate.py translations

# The full link check goes to the network: for CI on a schedule, not for every change.
links-online: $(STAMP)
	$(BIN)/python scripts/validate.py links

# Every runnable snippet of the docs, in page order, against Docker: the running engine, or a
# private dockerd started as root (Debian's docker.io is installed when missing), with stand-in
# images built once and cached in .cache/snippets/. Writes build/snippets-report.json.
snippets: $(STAMP)
	$(BIN)/python scripts/run_snippets.py --report build/snippets-report.json

# Lighthouse 12 (pinned in tools/lighthouse/package-lock.json) with Debian's Chromium, on both
# home pages and the longest page, desktop and mobile, 3 runs each; prints the median scores
# (the browser tests check behaviour; scores are printed, not asserted).
LIGHTHOUSE_STAMP := tools/lighthouse/node_modules/.installed

$(LIGHTHOUSE_STAMP): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	npm ci --prefix tools/lighthouse --no-audit --no-fund
	touch $(LIGHTHOUSE_STAMP)

lighthouse: $(STAMP) $(LIGHTHOUSE_STAMP)
	PYTHONPATH=scripts CHROME_PATH=/usr/bin/chromium $(BIN)/python -m site_preview.lighthouse

clean:
	rm -rf site build .cache
