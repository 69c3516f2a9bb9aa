"""Production settings refuse to start without their services (a database, a shared cache,
a Celery broker) instead of falling back to the embedded defaults, and name the variable
to set; the cache's keys carry the database's name so that two portals can share a Redis.

Each case imports the settings in a fresh interpreter with only the environment given."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

COMPLETE = {
    "SECRET_KEY": "a-long-random-production-secret",
    "DATABASE_URL": "postgres://portal@db.example:5432/portal_ostrava",
    "REDIS_URL": "redis://redis.example:6379/1",
    "CELERY_BROKER_URL": "redis://redis.example:6379/0",
}


def load(settings_module: str = "portal.settings.production", **environment):
    """The settings' cache, database and Celery values, or the error that stopped them."""
    script = (
        "import importlib, json;"
        f"s = importlib.import_module({settings_module!r});"
        "print(json.dumps({'cache': s.CACHES['default'], 'db': s.DATABASES['default']['NAME'],"
        " 'eager': s.CELERY_TASK_ALWAYS_EAGER}))"
    )
    env = {"PATH": os.environ["PATH"]}
    env.update({key: value for key, value in environment.items() if value is not None})
    result = subprocess.run(  # noqa: S603 - our own settings modules, fixed arguments
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if result.returncode:
        return None, result.stderr.strip().splitlines()[-1]
    return json.loads(result.stdout.strip().splitlines()[-1]), None


@pytest.mark.parametrize(
    "unset,named,example",
    [
        (["DATABASE_URL"], "DATABASE_URL is not set", "DATABASE_URL=postgres://"),
        (["REDIS_URL"], "REDIS_URL or CACHE_URL is not set", "REDIS_URL=redis://"),
        (["CELERY_BROKER_URL"], "CELERY_BROKER_URL is not set", "CELERY_BROKER_URL=redis://"),
    ],
    ids=["database", "cache", "broker"],
)
def test_production_refuses_to_start_without_a_service(unset, named, example):
    environment = {**COMPLETE, **dict.fromkeys(unset)}
    settings, error = load(**environment)
    assert settings is None
    assert error.startswith("django.core.exceptions.ImproperlyConfigured: " + named)
    assert f"set {unset[0]}, e.g. {example}" in error


def test_an_empty_variable_counts_as_unset():
    settings, error = load(**{**COMPLETE, "CELERY_BROKER_URL": ""})
    assert settings is None and "CELERY_BROKER_URL is not set" in error


def test_production_starts_with_every_service_and_uses_them():
    settings, error = load(**COMPLETE)
    assert error is None
    assert settings["db"] == "portal_ostrava"
    assert settings["cache"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings["cache"]["LOCATION"] == COMPLETE["REDIS_URL"]
    assert settings["eager"] is False


def test_cache_url_serves_as_the_shared_cache_too():
    environment = {**COMPLETE, "REDIS_URL": None, "CACHE_URL": "redis://cache.example:6379/2"}
    settings, error = load(**environment)
    assert error is None and settings["cache"]["LOCATION"] == "redis://cache.example:6379/2"


def test_cache_keys_carry_the_database_name_so_two_portals_share_a_redis():
    ostrava, _ = load(**COMPLETE)
    brno, _ = load(**{**COMPLETE, "DATABASE_URL": "postgres://portal@db.example/portal_brno"})
    assert ostrava["cache"]["KEY_PREFIX"] == "portal-portal_ostrava"
    assert brno["cache"]["KEY_PREFIX"] == "portal-portal_brno"


def test_an_explicit_cache_key_prefix_wins():
    settings, _ = load(**{**COMPLETE, "CACHE_KEY_PREFIX": "staging"})
    assert settings["cache"]["KEY_PREFIX"] == "staging"


def test_development_still_runs_on_the_embedded_defaults():
    settings, error = load("portal.settings.dev")
    assert error is None
    assert settings["db"].endswith("db.sqlite3") and settings["eager"] is True
    assert settings["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def _database_options(**environment):
    script = (
        "import importlib, json;"
        "s = importlib.import_module('portal.settings.production');"
        "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"
    )
    env = {"PATH": os.environ["PATH"], **COMPLETE, **environment}
    result = subprocess.run(  # noqa: S603 - our own settings module, fixed arguments
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_runs_prepared_statements_without_jit_unless_told_otherwise():
    options = _database_options()
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5
    assert "-c jit=off" in options["options"]
    behind_a_pooler = _database_options(DATABASE_PREPARED_STATEMENTS="0")
    assert "prepare_threshold" not in behind_a_pooler
    assert "server_side_binding" not in behind_a_pooler
    assert "-c jit=off" in behind_a_pooler["options"]


@pytest.mark.django_db
def test_a_statement_run_five_times_is_prepared_on_the_connection():
    """On the real PostgreSQL the test settings inherit the production options: the sixth
    run of the same query uses the statement prepared on the connection."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail("the test suite runs on PostgreSQL (scripts/services)")
    marker = "prepared-statement-probe"
    for _ in range(6):
        list(get_user_model().objects.filter(username=marker))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"auth_user"."username" = $1%'],
        )
        assert cursor.fetchone()[0] >= 1
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
