"""`manage.py check --deploy` passes with the production settings, as a deployment sets
them up (a long random SECRET_KEY, a real host name, its database, cache and broker)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_with_production_settings(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "SECURE_", "AXES_", "PORTAL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        # production refuses to start without its services; the checks connect to none
        DATABASE_URL="postgres://portal@db.example:5432/portal",
        REDIS_URL="redis://redis.example:6379/1",
        CELERY_BROKER_URL="redis://redis.example:6379/0",
    )
    env.update(extra_env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_deploy_check_has_no_warnings():
    result = run_with_production_settings("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_production_settings_secure_the_cookies_and_transport():
    script = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.DEBUG, s.AXES_ENABLED, s.PORTAL_REQUIRE_2FA,"
        " s.SESSION_EXPIRE_AT_BROWSER_CLOSE)"
    )
    result = run_with_production_settings("shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "True",
        "False",
        "True",
        "True",
        "True",
    ]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_with_production_settings("check", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
