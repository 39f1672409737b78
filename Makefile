# clausewatch: every target sets up what it needs from nothing.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: setup demo test lint format chromium browser bench screenshots messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

## The offline demo of the whole pipeline.
demo: setup
	$(VENV)/bin/clausewatch demo --dir clausewatch-demo

## Debian's chromium (browser tests and browser fetching) and systemd-analyze (checks the
## systemd example). Needs root or sudo; without them those tests skip with a reason.
APT_PACKAGES := chromium systemd
chromium:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	command -v systemd-analyze >/dev/null 2>&1 || missing="$$missing systemd"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "not installed:$$missing (no root): those tests will be skipped"; exit 0; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

## Pages that need a browser: scrapy-playwright + Debian's chromium (never `playwright install`).
browser: setup chromium
	$(PY) -m pip install --quiet -e '.[browser]'

## Lint, format check and the whole test suite.
test: setup chromium
	$(PY) -m ruff check --no-cache .
	$(PY) -m ruff format --no-cache --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

lint:
	$(PY) -m ruff check --no-cache .
	$(PY) -m ruff format --no-cache --check .
	$(VENV)/bin/lint-imports

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## Benchmarks, side by side with urlwatch (see bench/README.md). About 10 minutes.
bench: setup
	$(PY) -m pip install --quiet -r bench/requirements.txt
	$(PY) bench/report.py

## Screenshots of the site for review (home, scorecard, long change, compare, filters;
## desktop and phone; the Arabic home, a change and the matrix, desktop and 360 px)
## into test-artifacts/screenshots/: never committed.
screenshots: setup chromium
	$(PY) tests/screenshots.py

## The site's words: extract them from the templates and tracker/site into site.pot (Babel,
## babel.cfg), then bring every language's site.po up to date; translate what is new, and
## `make test` checks that nothing is missing. The .mo files are built by `pip install`.
SITE_LOCALE := tracker/site/locale
messages: setup
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k NP_:1,2 -c TRANSLATORS: \
	  --add-location=file --sort-by-file -w 100 --project=clausewatch --version=0.1.0 \
	  --copyright-holder="clausewatch contributors" --msgid-bugs-address="" \
	  -o $(SITE_LOCALE)/site.pot .
	$(VENV)/bin/pybabel update -D site -i $(SITE_LOCALE)/site.pot -d $(SITE_LOCALE) \
	  -w 100 --no-fuzzy-matching --ignore-obsolete
	# the analysis' words (diffs domain): headline messages, category titles and explanations
	$(VENV)/bin/python -c "from babel.messages.pofile import write_po; \
	  from diffs.messages import template; \
	  write_po(open('diffs/locale/diffs.pot', 'wb'), template(), sort_output=False, width=100)"
	$(VENV)/bin/pybabel update -D diffs -i diffs/locale/diffs.pot -d diffs/locale \
	  -w 100 --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) clausewatch-demo site data .pytest_cache
