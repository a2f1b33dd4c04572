# Tutor Console: one entry point for habits. CI calls `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The test suite runs against real PostgreSQL and Redis; override these to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS ?= redis://127.0.0.1:6379

.PHONY: run install test check fix migrations-check seed clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Set up and run the console: SQLite, a file-based broker, a real worker and beat, demo data.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runconsole

check: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=tutorconsole.settings.test $(PY) manage.py check

fix: install
	$(VENV)/bin/ruff check --fix .

# The whole test suite, against real PostgreSQL and Redis.
test: check
	DATABASE_URL=$(TEST_DATABASE_URL) \
	CELERY_BROKER_URL=$(TEST_REDIS)/15 \
	REDIS_URL=$(TEST_REDIS)/14 \
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf var/ staticfiles/
