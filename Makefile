# Tidtam: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Outside DEBUG the settings need a real SECRET_KEY: commands run here get a fresh random one unless the
# environment sets it (migrate, collectstatic, compilemessages sign nothing that outlives them). The server
# of `make run` runs with DEBUG=1 on the development key, so its sessions survive a restart.
MANAGE := SECRET_KEY="$${SECRET_KEY:-$(shell head -c 48 /dev/urandom | base64)}" $(BIN)/python manage.py
PG_URL ?= postgres://postgres:postgres@127.0.0.1:5432/tidtam
# Debian packages: gettext compiles the Thai catalogue; node/npm fetch the front-end assets.
SYSTEM_PACKAGES := msgfmt=gettext node=nodejs npm=npm libpango-1.0-0 libpangoft2-1.0-0
# For the tests also: Chromium for browser tests, a Thai fallback font, PostgreSQL's client.
TEST_PACKAGES := chromium fonts-thai-tlwg pg_isready=postgresql-client pdftotext=poppler-utils soffice=libreoffice-calc-nogui

.PHONY: run test setup test-setup lint migrations-check messages test-sqlite test-postgres clean

# The web server and, beside it, the worker of the background jobs (manage.py db_worker); Ctrl-C stops both.
run: setup
	$(MANAGE) seed_demo --if-empty
	DEBUG=$${DEBUG:-1} PYTHON=$(BIN)/python scripts/run-with-worker 127.0.0.1:$(PORT)

setup: system-packages $(VENV)/.installed node_modules/.installed locale/th/LC_MESSAGES/django.mo
	@mkdir -p var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) collectstatic --noinput -v 0

system-packages:
	@scripts/system-packages $(SYSTEM_PACKAGES)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required" >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || scripts/system-packages python3-venv
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

locale/th/LC_MESSAGES/django.mo: locale/th/LC_MESSAGES/django.po
	$(MANAGE) compilemessages -l th -v 0 --ignore=.venv --ignore=node_modules

test-setup: setup
	@scripts/system-packages $(TEST_PACKAGES)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

migrations-check: $(VENV)/.installed
	$(MANAGE) makemigrations --check --dry-run

# Refresh the Thai catalogue from the source (then translate what is new in locale/th/).
messages: $(VENV)/.installed
	$(MANAGE) makemessages -l th --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var

# The whole suite on SQLite and on PostgreSQL, both at once (each line of output names its database); with
# DATABASE_URL set, on that database only.
test: test-setup lint migrations-check
	@scripts/ensure-postgres
ifdef DATABASE_URL
	$(BIN)/pytest -q
else
	$(MAKE) --no-print-directory -j2 test-sqlite test-postgres
endif

# PostgreSQL runs for the SQLite run too: its backup tests restore a SQLite backup into a fresh PostgreSQL database.
# Each run keeps its files apart (the two may run at once).
test-sqlite:
	@scripts/ensure-postgres
	set -o pipefail; DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 MEDIA_ROOT=$(CURDIR)/var/test-sqlite/media \
		TIDTAM_BACKUP_DIR=$(CURDIR)/var/test-sqlite/backups $(BIN)/pytest -q 2>&1 | sed -u 's/^/[sqlite] /'

test-postgres:
	@scripts/ensure-postgres
	set -o pipefail; DATABASE_URL=$(PG_URL) MEDIA_ROOT=$(CURDIR)/var/test-postgres/media \
		TIDTAM_BACKUP_DIR=$(CURDIR)/var/test-postgres/backups $(BIN)/pytest -q 2>&1 | sed -u 's/^/[postgres] /'

clean:
	rm -rf $(VENV) node_modules var/static
