# Portal NGO – developer commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The address people open and e-mail links use: what runserver serves (a browser cannot open 0.0.0.0).
SITE_HOST := $(if $(filter 0.0.0.0 :: [::],$(HOST)),127.0.0.1,$(HOST))
# Only the demo seeding and the dev server take the address from HOST and PORT; exporting it to
# every target would leak it into the test suite (and into `make -n run` that a test runs).
run seed: export WAGTAILADMIN_BASE_URL ?= http://$(SITE_HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help install check-system messages migrate seed run test test-fast lint format worker beat bench clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ").")'
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV) || { echo "Cannot create a virtual environment: sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

check-system: $(STAMP) ## Say clearly which system package is missing
	@command -v msgfmt >/dev/null || { echo "Missing GNU gettext (translations): sudo apt-get install gettext"; exit 1; }
	@$(PY) -c 'from portal.pdf import pdf_support_problem as p; import sys; m = p(); sys.exit(m) if m else None'

messages: $(STAMP) ## Compile the Polish and English translation catalogues
	@$(PY) manage.py compilemessages --ignore=.venv -v0

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput -v0

seed: migrate ## Load the demo data (safe to run again)
	$(PY) manage.py seed_demo

run: check-system messages seed ## Install, migrate, load demo data and serve (HOST, PORT: 127.0.0.1, 8000)
	@echo "The portal: $(WAGTAILADMIN_BASE_URL)/   Admin: $(WAGTAILADMIN_BASE_URL)/admin/"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: check-system messages ## Run the whole test suite (browser tests need Debian's chromium)
	$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)
	@# Browser tests in their own process, one at a time: they flush and restore the database
	@# around a live server, which must not interleave with other tests' transactions.
	$(PY) -m pytest -p no:xdist -m browser $(PYTEST_ARGS)

test-fast: $(STAMP) ## Run the tests without the browser ones
	$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

lint: $(STAMP) ## ruff lint and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

worker: $(STAMP) ## Start a Celery worker (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0)
	nice -n 10 $(VENV)/bin/celery -A portal worker --loglevel=info

beat: $(STAMP) ## Start Celery beat (scheduled jobs; needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A portal beat --loglevel=info

bench: check-system ## Load benchmark on PostgreSQL with gunicorn (see bench/RESULTS.md)
	$(PY) bench/run.py

clean: ## Remove the local database, media and caches (keeps .venv)
	rm -rf db.sqlite3 media staticfiles .pytest_cache .ruff_cache
