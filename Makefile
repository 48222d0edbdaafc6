# Peyman: `make run` for a demo, `make test` for the full suite. Both set themselves up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
PORT ?= 8000
# The demo's e-mail (invitations, returned entries, digests) is written to demo-mail/, one file per
# message, instead of flooding the console; its links follow PORT.
DEMO_MAIL := $(CURDIR)/demo-mail
DEMO_ENV := DEBUG=true PEYMAN_SITE_URL=http://127.0.0.1:$(PORT) \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH=$(DEMO_MAIL)
TEST_ENV ?=
# Both cores: pytest-xdist gives each worker its own test database; a file's tests stay on one worker.
PYTEST_WORKERS ?= 2

.PHONY: run test check lint messages setup clean screenshots benchmark

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
	@$(DEMO_ENV) $(PY) manage.py migrate --noinput | grep -v -e '^  Applying' -e '^Operations to perform' -e '^  Apply all' -e '^Running migrations' || true
	@$(DEMO_ENV) $(PY) manage.py seed_demo > $(VENV)/demo-ready.txt
	@mkdir -p $(DEMO_MAIL); echo "Demo e-mail is written to $(DEMO_MAIL)/, one file per message; the job worker logs to $(VENV)/worker.log."
	@trap 'kill $$worker $$server 2>/dev/null; wait $$worker $$server 2>/dev/null' EXIT INT TERM; \
	( trap 'kill $$job 2>/dev/null; wait $$job 2>/dev/null; exit 0' INT TERM; \
	  while :; do \
	    $(DEMO_ENV) $(PY) manage.py db_worker --queue-name '*' --no-reload >> $(VENV)/worker.log 2>&1 & job=$$!; wait $$job; \
	    echo "make run: the job worker exited (status $$?); starting it again in 2 s."; sleep 2; \
	  done ) & worker=$$!; \
	$(DEMO_ENV) $(PY) manage.py runserver --skip-checks 127.0.0.1:$(PORT) & server=$$!; \
	until $(PY) -c "import socket; socket.create_connection(('127.0.0.1', $(PORT)), 1)" 2>/dev/null; do \
	  kill -0 $$server 2>/dev/null || exit 1; sleep 0.3; done; \
	cat $(VENV)/demo-ready.txt; echo "Peyman is at http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"; \
	wait $$server

## test: lint (ruff, formatting, mypy), migration check, then the whole test suite (browser tests when Chromium is present)
test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	@if [ -x /usr/bin/chromium ]; then echo "Chromium found: browser tests will run."; \
	  else echo "NOTE: /usr/bin/chromium is missing: browser tests will be SKIPPED (apt-get install chromium)."; fi
	DEBUG=true $(TEST_ENV) $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

## messages: list strings that have no Persian translation yet (see README, Translations)
messages: setup
	DEBUG=true $(PY) manage.py untranslated

## screenshots: refresh the README's images in docs/screenshots/ (PEYMAN_KEEP_SCREENSHOTS=1 keeps a test run's in screenshots-local/)
screenshots: setup
	PEYMAN_REFRESH_SCREENSHOTS=1 DEBUG=true $(PY) -m pytest -q -m browser tests/browser

## check: the developer's loop: lint and the suite without the browser tests and benchmark smoke runs,
## on test databases kept between runs (--reuse-db; `make test` and CI always start afresh)
check: setup
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --reuse-db -m "not browser" \
	  --ignore=tests/test_benchmarks_run.py $(PYTEST_ARGS)

## benchmark: print query counts, server times and PDF build figures (scripts, not tests)
benchmark: setup
	@scripts="$$(ls tests/benchmarks/*.py | grep -v -e __init__ -e harness)"; total=$$(echo $$scripts | wc -w); n=0; \
	echo "$$total benchmark scripts: more than 15 minutes on a quiet 2-core machine (pages_scale alone builds a"; \
	echo "1,000,000-entry database, about 2.5 minutes). Ctrl+C stops them; each removes its own databases."; \
	started=$$(date +%s); for script in $$scripts; do n=$$((n + 1)); \
	  echo "== [$$n/$$total] $$(basename $$script .py), $$(( ($$(date +%s) - started) / 60 )) min in"; \
	  DEBUG=true $(PY) -m tests.benchmarks.$$(basename $$script .py) || exit 1; done; \
	echo "All benchmarks done in $$(( ($$(date +%s) - started) / 60 )) min."

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
