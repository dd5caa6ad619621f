# The two commands: `make run` (the product on embedded defaults) and
# `make test` (the whole suite). Everything else is a step of theirs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PORT ?= 8000
export PORT
export PATH := $(BIN):$(PATH)
# The product's DJANGO_DEBUG is off unless told (a forgotten variable in
# production fails safe); these development targets turn it on.
DEV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}

.PHONY: install install-dev run test lint typecheck pytest bench browsers mailserver catalogues messages gettext clean

# What running needs, for `make run`; the test toolchain only for `make test`.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# The translation catalogues (locale/<language>/LC_MESSAGES/*.po) compiled
# by Babel into the .mo files beside them, which are committed: the
# production recipe (`pip install .`) and the Docker image serve every
# language with no step of their own. Refresh them after translating; a
# test fails while one differs from its source.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
locale/%.mo: locale/%.po $(VENV)/.installed
	@$(BIN)/pybabel -q compile --statistics -i $< -o $@

catalogues: $(CATALOGUES)

# GNU gettext's xgettext, for makemessages (`make messages` and the test that
# every marked string is in the catalogues): installed as root where missing;
# otherwise that test is skipped with the reason (and fails with CI set).
gettext:
	@command -v xgettext >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "Install GNU gettext (sudo apt-get install gettext) for makemessages."; fi; }

# Refresh the catalogues from the code and templates; then translate what
# is new (an empty or fuzzy message fails the tests) and run `make catalogues`.
messages: install-dev gettext
	@command -v xgettext >/dev/null 2>&1 || { echo "makemessages needs GNU gettext."; exit 1; }
	$(DEV) $(BIN)/python manage.py makemessages --all --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=tests
	$(DEV) $(BIN)/python manage.py makemessages --all --no-obsolete --no-location --domain=djangojs --ignore=.venv --ignore=var --ignore=tests --ignore=static/css --ignore=static/vendor

run: install catalogues
	@$(DEV) $(BIN)/python manage.py migrate --noinput -v0
	@$(DEV) $(BIN)/python manage.py seed_demo
	@echo "Starting the web server, a Celery worker and beat on http://127.0.0.1:$(PORT) ..."
	@$(DEV) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/honcho -f Procfile.dev start

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install-dev
	$(DEV) $(BIN)/mypy .

pytest: install-dev gettext
	$(DEV) VAR_DIR=$${VAR_DIR:-$(CURDIR)/var/test} $(BIN)/pytest --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

test: lint typecheck pytest

bench: install-dev
	$(DEV) $(BIN)/python -m tests.bench

# Debian's Chromium for the browser tests (Playwright drives it through
# executable_path; Playwright's own browser downloads are never used).
browsers:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) to run the browser tests."; fi; }

# Debian's Dovecot (IMAP and POP3) for the mailbox tests: each test starts
# its own server on a spare loopback port with its own configuration and
# mail in a temporary directory; the packages' own service is never used.
mailserver:
	@test -x /usr/sbin/dovecot -a -e /usr/lib/dovecot/imap -a -e /usr/lib/dovecot/pop3 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dovecot-imapd dovecot-pop3d >/dev/null; \
	  else echo "Install Debian's Dovecot (sudo apt-get install dovecot-imapd dovecot-pop3d) to run the mailbox tests."; fi; }

clean:
	rm -rf var/test var/bench
