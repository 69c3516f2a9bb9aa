"""Settings for the benchmark: the production-like base with DEBUG off, so no debug
toolbar, template debug or query logging skews the figures (CaptureQueriesContext still
counts queries). Static files are served from the apps without a manifest."""

from portal.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves the static files from the apps' folders (no collectstatic), read once at
# start-up: the static-file ceiling of bench/http_bench.py.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
# The runner logs users in with force_login, which has no second factor; the 2FA check of a
# verified session is a session lookup the measured requests would barely notice.
PORTAL_REQUIRE_2FA = False
# Without a broker Celery runs tasks eagerly, so notification e-mails are sent inside the
# measured request; keep them in memory rather than printing them to the console.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# `manage.py bench_generate` (bench/management): only where the benchmark runs.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
