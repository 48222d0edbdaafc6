# Peyman: `make run` for a demo, `make test` for the full suite. Both set themselves up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
DEMO_ENV := DEBUG=true
PORT ?= 8000
TEST_ENV ?=
# Both cores: pytest-xdist gives each worker its own test database; a file's tests stay on one worker.
PYTEST_WORKERS ?= 2

.PHONY: run test lint messages setup clean screenshots benchmark

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

setup: $(STAMP) $(NPM_STAMP)
	@if command -v msgfmt >/dev/null; then DEBUG=true $(PY) manage.py compilemessages -l fa -i .venv -i node_modules >/dev/null; \
	  else echo "msgfmt not found: using the committed compiled translations."; fi

## run: install, migrate, load the Qazvin agreement and demo people, serve on http://127.0.0.1:8000
## with one background worker beside the web server (started again if it exits); Ctrl+C stops both.
run: setup
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_agreement fixtures/qazvin_1397.json
	$(DEMO_ENV) $(PY) manage.py seed_demo_people
	$(DEMO_ENV) $(PY) manage.py seed_demo_progress
	$(DEMO_ENV) $(PY) manage.py seed_demo_evaluations
	$(DEMO_ENV) $(PY) manage.py seed_demo_committee
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	( trap 'kill $$job 2>/dev/null; wait $$job 2>/dev/null; exit 0' INT TERM; \
	  while :; do \
	    $(DEMO_ENV) $(PY) manage.py db_worker --queue-name '*' --no-reload & job=$$!; wait $$job; \
	    echo "make run: the job worker exited (status $$?); starting it again in 2 s."; sleep 2; \
	  done ) & worker=$$!; \
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: lint, migration check, then the whole test suite (browser tests when Chromium is present)
test: setup
	$(PY) -m ruff check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	@if [ -x /usr/bin/chromium ]; then echo "Chromium found: browser tests will run."; \
	  else echo "NOTE: /usr/bin/chromium is missing: browser tests will be SKIPPED (apt-get install chromium)."; fi
	DEBUG=true $(TEST_ENV) $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

## messages: list strings that have no Persian translation yet (see README, Translations)
messages: setup
	DEBUG=true $(PY) manage.py untranslated

## screenshots: refresh the README's images in docs/screenshots/ (a test run writes to screenshots-local/)
screenshots: setup
	PEYMAN_REFRESH_SCREENSHOTS=1 DEBUG=true $(PY) -m pytest -q -m browser tests/browser

## benchmark: print query counts, server times and PDF build figures (scripts, not tests)
benchmark: setup
	for script in $$(ls tests/benchmarks/*.py | grep -v -e __init__ -e harness); do \
	  DEBUG=true $(PY) -m tests.benchmarks.$$(basename $$script .py) || exit 1; done

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
