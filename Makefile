# The two commands of the README: `make run` and `make test`.
.PHONY: run test lint services-up services-down

PY := .venv/bin/python
# The suite runs in one process per core (pytest-xdist; each has its own test database and
# search-index prefix) and prints its slowest tests, so CI shows where its time goes. Tests
# are handed out one by one, except the modules that load the whole demo once for all their
# tests, which go whole to one worker (tests/scheduling.py).
PYTEST_WORKERS ?= 2

run:
	@scripts/run

test:
	@scripts/bootstrap test
	@scripts/services up
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache
	@eval "$$(scripts/services env)" && DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m pytest -n $(PYTEST_WORKERS) --durations=25 $(PYTEST_ARGS)

lint:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

services-up:
	@scripts/services up

services-down:
	@scripts/services down
