"""Test settings: the suite runs on the real services started by `scripts/services up`.

There is no silent fallback to SQLite: without DATABASE_URL pointing at PostgreSQL the
suite refuses to start (run it through `make test`).
"""

import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "The test suite runs on PostgreSQL. Use `make test`, or `scripts/services up` and "
        "`eval $(scripts/services env)` before calling pytest."
    )

# A test's commits need not survive a crash of the machine: without the wait for the WAL
# flush on every commit, the suite's many small transactions run at memory speed. (This is
# per connection; the cluster and every other database keep their durability.)
DATABASES["default"]["OPTIONS"]["options"] += " -c synchronous_commit=off"

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off, so that tests measure real renders and no page outlives its test's database;
# tests/test_page_cache.py switches it on.
PORTAL_PAGE_CACHE = False
PORTAL_CONTENT_CACHE = False
# On as in production (one process per test worker shares its LocMemCache): a test that
# changes a user or a membership and requests a page meets what a member would.
PORTAL_SIGNED_IN_CACHE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks are queued to the real Redis broker (CELERY_BROKER_URL); tests that need a task's
# effect either run an in-process worker or call the task directly.
CELERY_TASK_ALWAYS_EAGER = env("CELERY_BROKER_URL") is None

# Files written by tests (demo documents, attachments) go to a throwaway folder.
_TEST_FILES = Path(tempfile.mkdtemp(prefix="portal-tests-"))
MEDIA_ROOT = _TEST_FILES / "media"
PRIVATE_MEDIA_ROOT = _TEST_FILES / "private"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Login throttling and two-factor authentication are off for the suite, which logs in many
# times from one address and with force_login; their own tests switch them on.
AXES_ENABLED = False
PORTAL_REQUIRE_2FA = False

# The benchmark's management command (bench_generate) is tested too; production settings
# never install it.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
