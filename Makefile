# VIK — the two commands a newcomer needs are `make run` and `make test`.
# Everything the project needs is installed from here (PyPI into .venv/, Debian's Chromium for
# the browser tests), never by hand.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Django 6 needs Python 3.12+: take the first suitable interpreter on this machine.
PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 python3.13 $$HOME/.pyenv/versions/3.13*/bin/python3.13 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test lint bench chromium gettext clean-db messages

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

gettext:
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }

chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

messages: install gettext
	cd src/vik && ../../$(BIN)/django-admin compilemessages --settings=vik.settings >/dev/null

# Served as production serves it (gunicorn, debug off, static files by the app), over plain HTTP
# on loopback; the demo's secrets are generated into var/ on first start, never kept in the repo.
RUN_ENV := VIK_DEBUG=0 VIK_DEMO=1 VIK_HTTPS=0

run: install messages
	$(RUN_ENV) $(BIN)/vik migrate --noinput
	$(RUN_ENV) $(BIN)/vik collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(BIN)/vik seed_demo
	$(RUN_ENV) $(BIN)/vik serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy --strict src/pmengine

test: install chromium messages lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python benchmarks/run_all.py

clean-db:
	rm -f var/vik.sqlite3 var/audit-anchors.log
