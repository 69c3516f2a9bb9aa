"""Health endpoint for load balancers and container health checks.

Reports the state of the database, the Celery broker and the search node without any
data from them; answers 503 when the database, which nothing works without, is down.
"""

import socket
from urllib.parse import urlparse

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

TIMEOUT_SECONDS = 2.0


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "down" for the probe
        return "down"
    return "ok"


def _tcp(url: str | None, default_port: int) -> str:
    if not url or url.startswith("memory://"):
        return "not configured"
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), TIMEOUT_SECONDS
        ):
            return "ok"
    except OSError:
        return "down"


def _search_pending() -> int | None:
    """Changes waiting in the search index's outbox for the node (a count, no data)."""
    try:
        from search.selectors import pending_changes_count

        return pending_changes_count()
    except Exception:  # noqa: BLE001 - the probe reports, it never fails on this
        return None


@never_cache
def health(request):
    checks = {
        "database": _database(),
        "broker": _tcp(settings.CELERY_BROKER_URL, 6379),
        "search": _tcp(settings.ELASTICSEARCH_URL, 9200),
    }
    status = 503 if checks["database"] != "ok" else 200
    body = {"status": "ok" if status == 200 else "down", "checks": checks}
    if checks["database"] == "ok":
        body["search_pending"] = _search_pending()
    return JsonResponse(body, status=status)
