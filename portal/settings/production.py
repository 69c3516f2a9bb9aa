from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = False
if not env("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
SECRET_KEY = env("SECRET_KEY")

# The embedded defaults of base.py would start and then lose data (SQLite in the image),
# serve stale pages (a cache per process) or run tasks inside requests: refuse instead.
# (variables, what production needs, an example, the default it does not fall back to)
_REQUIRED_SERVICES = [
    (
        ("DATABASE_URL",),
        "its PostgreSQL database",
        "DATABASE_URL=postgres://portal:password@postgres:5432/portal",
        "SQLite",
    ),
    (
        ("REDIS_URL", "CACHE_URL"),
        "a cache shared by every web process and worker",
        "REDIS_URL=redis://redis:6379/1",
        "a cache of its own in each process",
    ),
    (
        ("CELERY_BROKER_URL",),
        "a Celery broker for the worker and beat",
        "CELERY_BROKER_URL=redis://redis:6379/0",
        "running tasks inside web requests",
    ),
]
for _names, _need, _example, _fallback in _REQUIRED_SERVICES:
    if not any(env(name) for name in _names):
        raise ImproperlyConfigured(
            f"{' or '.join(_names)} is not set. Production needs {_need}: set "
            f"{_names[0]}, e.g. {_example}. It does not fall back to {_fallback}."
        )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
