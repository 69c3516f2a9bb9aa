# The two commands of the README: `make run` and `make test`.
.PHONY: run test lint services-up services-down

PY := .venv/bin/python

run:
	@scripts/run

test:
	@scripts/bootstrap test
	@scripts/services up
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache
	@eval "$$(scripts/services env)" && DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m pytest $(PYTEST_ARGS)

lint:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

services-up:
	@scripts/services up

services-down:
	@scripts/services down
