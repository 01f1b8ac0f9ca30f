# Two commands do everything: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` serves as visitors see it (DEBUG off, designed error pages: portal.settings.embedded);
# `make dev` the same with DEBUG on (portal.settings.dev, also manage.py's default); pytest runs with
# portal.settings.test.
RUN_SETTINGS := portal.settings.embedded
DEV_SETTINGS := portal.settings.dev
TEST_ENV := DJANGO_SETTINGS_MODULE=portal.settings.test

.PHONY: run dev test lint messages messages-check format bench bench-quick screenshots e2e reliability clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; install Python 3.11 (apt-get install python3.11 python3.11-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py load_demo
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(PY) manage.py ensure_admin
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) PORTAL_EMBEDDED_POLLER=$${PORTAL_EMBEDDED_POLLER:-$(if $(REDIS_URL),0,1)} \
		$(VENV)/bin/uvicorn portal.asgi:application --host $(HOST) --port $(PORT) --lifespan on

dev:
	$(MAKE) run RUN_SETTINGS=$(DEV_SETTINGS)

test: $(VENV)/.installed-dev
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint --lint templates */templates
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory messages-check

# The interface's catalogs (docs/languages.md): one per language directory under locale/.
MESSAGE_LANGUAGES := $(patsubst locale/%/LC_MESSAGES/django.po,-l %,$(wildcard locale/*/LC_MESSAGES/django.po))
MAKEMESSAGES := $(PY) manage.py makemessages $(MESSAGE_LANGUAGES) --no-location --ignore=.venv --ignore=staticfiles --ignore=node_modules
# The page scripts' strings (djangojs.po, served by /jsi18n/): our own .js only, never a vendored library.
MAKEMESSAGES_JS := $(MAKEMESSAGES) -d djangojs --ignore='*.min.js' --ignore='*/vendor/*'

# After marking strings: gather them into every catalog, translate the new ones, then compile (.mo shipped).
messages: $(VENV)/.installed-dev
	$(MAKEMESSAGES)
	$(MAKEMESSAGES_JS)
	$(PY) manage.py compilemessages --ignore=.venv

# Every catalog compiles (msgfmt --check: placeholders kept, plural forms, header), and the catalogs
# hold exactly the strings the templates and code mark today (makemessages changes nothing but its
# date line; a failure shows the difference and leaves the updated .po to translate, then `make messages`).
messages-check:
	@for po in locale/*/LC_MESSAGES/django.po locale/*/LC_MESSAGES/djangojs.po; do msgfmt --check -o /dev/null $$po || exit 1; done
	@before=$$(mktemp -d) && cp -r locale "$$before/" && $(MAKEMESSAGES) >/dev/null && $(MAKEMESSAGES_JS) >/dev/null && \
	  diff -r -I '^"POT-Creation-Date: ' "$$before/locale" locale; status=$$?; rm -rf "$$before"; \
	  [ $$status -eq 0 ] || { echo "locale/: catalogs out of date with the marked strings; run make messages, translate, commit"; exit 1; }

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

e2e: $(VENV)/.installed-dev
	$(TEST_ENV) $(PY) -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

reliability: $(VENV)/.installed-dev
	$(TEST_ENV) $(PY) -m pytest -m reliability tests/reliability $(PYTEST_ARGS)

# Every benchmark, one JSON document printed and kept: docs/benchmarks/<date>-$(BENCH_NAME).json with its
# SVG charts (bench/run.py, bench/charts.py); bench/results/ holds a scratch copy (git-ignored).
# Progress goes to stderr.
BENCH_NAME ?= full
bench: $(VENV)/.installed-dev
	$(PY) -m bench.run --name $(BENCH_NAME)

# The CI guard (.ci/run): 300 viewers, fails when the wall's saturation falls under GUARD_RATIO x stock
# Channels' in the same run or a copy is lost or doubled (bench/wall_fanout.py, docs/performance.md).
bench-quick: $(VENV)/.installed-dev
	$(PY) -m bench.wall_fanout --quick

screenshots: $(VENV)/.installed-dev
	$(PY) -m tests.e2e.screenshots

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
