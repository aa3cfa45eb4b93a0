# ShortScience: `make run` to browse locally, `make test` for the whole suite (SQLite + a real PostgreSQL 15).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install install-test chromium java postgresql redis-server nginx node-tools run serve test \
        test-sqlite test-postgres test-topology lint fixture bench bench-render bench-import backup restore clean

help:
	@echo "make run       install into .venv, migrate, load NIPS 2018, serve on http://127.0.0.1:$(PORT)"
	@echo "make test      the whole test suite on SQLite, on a throwaway PostgreSQL 15, and the topology tests"
	@echo "make test-topology  nginx + 2 gunicorns + PostgreSQL primary/standby + Redis, started and stopped (~2 min)"
	@echo "make lint      ruff + the import contracts (lint-imports) + makemigrations --check"
	@echo "make serve     gunicorn with production settings (needs DJANGO_SECRET_KEY)"
	@echo "make bench     load benchmark on PostgreSQL; make bench-render: rendering benchmark"
	@echo "make bench-import  DBLP import of 100k and 1M synthetic records on PostgreSQL: records/s, peak memory"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test chromium java postgresql redis-server nginx node_modules/.installed

# axe-core and vnu-jar (npm registry, pinned in package-lock.json): the accessibility checks in the browser tests
# and the Nu HTML Checker that tests/validity runs on Java over every page type.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "ERROR: npm is missing; run 'sudo apt-get install -y npm'." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error
	touch $@

node-tools: node_modules/.installed

# The PostgreSQL pass starts a throwaway PostgreSQL 15 (scripts/with-postgres.sh) from these binaries.
PGBIN ?= /usr/lib/postgresql/15/bin
postgresql:
	@if [ ! -x $(PGBIN)/initdb ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's postgresql-15 for the PostgreSQL tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null; \
	  else \
	    echo "ERROR: $(PGBIN)/initdb is missing; run 'sudo apt-get install -y postgresql-15' (the PostgreSQL tests are never skipped)." >&2; \
	    exit 1; \
	  fi; \
	fi
	@$(PGBIN)/postgres --version

# The Redis tests and the topology tests start their own redis-server and nginx from these binaries, in temp dirs
# on loopback ports; the system services the packages install are never used (nor started: see policy-rc.d).
REDIS_SERVER ?= /usr/bin/redis-server
redis-server:
	@if [ ! -x $(REDIS_SERVER) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's redis-server for the Redis and topology tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else \
	    echo "ERROR: $(REDIS_SERVER) is missing; run 'sudo apt-get install -y redis-server' (the Redis tests are never skipped)." >&2; \
	    exit 1; \
	  fi; \
	fi
	@$(REDIS_SERVER) --version

NGINX ?= /usr/sbin/nginx
nginx:
	@if [ ! -x $(NGINX) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's nginx for the topology tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	  else \
	    echo "ERROR: $(NGINX) is missing; run 'sudo apt-get install -y nginx' (the topology tests are never skipped)." >&2; \
	    exit 1; \
	  fi; \
	fi
	@$(NGINX) -v

# The Nu HTML Checker (node_modules/vnu-jar) is a Java program: Debian's headless JRE runs it.
JAVA ?= /usr/bin/java
java:
	@if [ ! -x $(JAVA) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's default-jre-headless for the HTML validity checks..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "ERROR: $(JAVA) is missing; run 'sudo apt-get install -y default-jre-headless' (the HTML checks are never skipped)." >&2; \
	    exit 1; \
	  fi; \
	fi
	@$(JAVA) -version 2>&1 | head -n 1

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "ERROR: $(CHROMIUM) is missing; run 'sudo apt-get install -y chromium' (browser tests are never skipped)." >&2; \
	    exit 1; \
	  fi; \
	fi
	@$(CHROMIUM) --version

run: install
	mkdir -p var
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py load_seed_catalogue
	@echo
	@echo "  ShortScience is at http://127.0.0.1:$(PORT)/  (admin: DJANGO_DEBUG=1 $(PY) manage.py createsuperuser)"
	@echo
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

serve: install
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input
	$(VENV)/bin/gunicorn shortscience.wsgi --config deploy/gunicorn.conf.py

test: install-test
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-topology

# SQLite: everything but the tests that need PostgreSQL features, a browser or the topology (those run later),
# spread over one worker per core (pytest-xdist; each worker has its own test database).
XDIST ?= -n auto
test-sqlite: install-test
	@echo "=== test suite on SQLite ==="
	$(PY) -m pytest -m "not postgres and not browser and not topology" -p no:cacheprovider $(XDIST)

# Also spread over the cores (each worker its own test database in the cluster), but for the tests that stop the
# cluster itself: they run alone, once the others are done.
test-postgres: install-test
	@echo "=== test suite on PostgreSQL 15 (throwaway cluster), browser tests included ==="
	scripts/with-postgres.sh bash -c '$(PY) -m pytest -m "not topology and not alone" -p no:cacheprovider $(XDIST) \
	  && $(PY) -m pytest -m "alone and not topology" -p no:cacheprovider'

# nginx -> two gunicorns -> PostgreSQL primary + streaming standby, Redis: started by tests/topology/conftest.py.
test-topology: install-test
	@echo "=== topology: nginx, 2 app servers, PostgreSQL primary + hot standby, Redis ==="
	$(PY) -m pytest -m topology -p no:cacheprovider tests/topology

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Regenerate the NIPS 2018 fixture from the seed (then review the summaries by hand: see README).
fixture: install
	scripts/make-fixture.sh

bench-render: install
	$(PY) bench/render.py

# 1k, 10k and 100k papers, a few seconds per page (16-22 min on the 2-core machine, by how fast the VM is that day); e.g. BENCH_ARGS="--sizes 1000 --seconds 2".
bench: install-test
	scripts/with-postgres.sh $(PY) bench/run.py $(BENCH_ARGS)

# import_dblp on synthetic DBLP files of 100k and 1M records: records/s and peak memory (bench/results-import.json).
bench-import: install-test
	scripts/with-postgres.sh $(PY) bench/import_run.py $(BENCH_IMPORT_ARGS)

backup: install
	scripts/backup.sh backup $(or $(FILE),var/backup)

restore: install
	scripts/backup.sh restore $(or $(FILE),var/backup)

clean:
	rm -rf $(VENV) var/static .pytest_cache .ruff_cache
