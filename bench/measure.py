"""How the benchmark measures: timed requests through the Django test client with their
query counts, the full reindex, and what describes a run (dataset, environment)."""

from __future__ import annotations

import os
import platform
import statistics
import time

from bench.scenarios import Request, Scenario


def percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _do(client, request: Request, logged_in: list, prepare=None):
    if prepare is not None:
        prepare()
    if logged_in[0] is not request.user:
        # Logging in is not part of the measured request.
        if request.user is None:
            client.logout()
        else:
            client.force_login(request.user)
        logged_in[0] = request.user
    if request.method == "POST":
        return client.post(request.path, request.data, secure=True)
    return client.get(request.path, request.data, secure=True)


def measure(scenario: Scenario, repetitions: int, warmup: int) -> dict:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    logged_in = [object()]
    requests = scenario.requests
    if not requests:
        return {"skipped": "no data for this scenario"}
    errors = 0
    timings: list[float] = []
    queries: list[int] = []
    with override_settings(**scenario.settings):
        pool = iter(requests)
        if not scenario.consuming:
            # Warm up on the scenario's own warm-up objects when it has them (each timed
            # request then reads its object for the first time), else on its first requests.
            warming = scenario.warmup_requests or requests
            for index in range(warmup):
                _do(client, warming[index % len(warming)], logged_in, scenario.prepare)
            # Query counts on separate requests (capturing forces the debug cursor).
            for index in range(min(5, len(warming))):
                with CaptureQueriesContext(connection) as captured:
                    _do(client, warming[index], logged_in, scenario.prepare)
                queries.append(len(captured.captured_queries))
        else:
            for _ in range(min(5, len(requests) - repetitions)):
                with CaptureQueriesContext(connection) as captured:
                    _do(client, next(pool), logged_in)
                queries.append(len(captured.captured_queries))
        for index in range(repetitions):
            if scenario.consuming:
                request = next(pool, None)
                if request is None:
                    break
            else:
                # a scenario that forgets what it asked starts after its warm-up's requests
                start = warmup if scenario.prepare is not None else 0
                request = requests[(start + index) % len(requests)]
            if logged_in[0] is not request.user:
                _do(client, Request("GET", "/healthz/", request.user), logged_in)
            if scenario.prepare is not None:
                scenario.prepare()
            started = time.perf_counter()
            response = _do(client, request, logged_in)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != request.expect:
                errors += 1
                if errors == 1:
                    print(
                        f"    {scenario.name}: {request.method} {request.path} answered "
                        f"{response.status_code}, expected {request.expect}"
                    )
    return {
        "requests": len(timings),
        "errors": errors,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 95), 2),
        "p99_ms": round(percentile(timings, 99), 2),
        "queries": max(queries) if queries else None,
        "queries_min": min(queries) if queries else None,
    }


def reindex(*, database: bool = True) -> dict:
    """Time the database copy's rebuild (unless `database` is False), then the engine's."""
    from search.client import engine_configured
    from search.rebuild import rebuild_database, rebuild_engine

    result = {"database_documents": None, "database_seconds": None, "database_docs_per_s": None}
    if database:
        started = time.perf_counter()
        count = rebuild_database(batch_size=500)
        seconds = time.perf_counter() - started
        result = {
            "database_documents": count,
            "database_seconds": round(seconds, 2),
            "database_docs_per_s": round(count / seconds, 1) if seconds else None,
        }
    if engine_configured():
        report = rebuild_engine(batch_size=500)
        result.update(
            {
                "engine_documents": report.total,
                "engine_seconds": round(report.seconds, 2),
                "engine_docs_per_s": round(report.total / report.seconds, 1)
                if report.seconds
                else None,
            }
        )
    return result


def settle_after_reindex(limit: float = 120.0) -> None:
    """Wait until the node has finished merging the new index's segments (it does so in
    the background after a rebuild), and PostgreSQL has vacuumed the rewritten copy, so
    the pages measured next do not share the CPU with the rebuild's aftermath."""
    from django.db import connection

    from search.client import connect, engine_configured
    from search.documents import alias_name

    if connection.vendor == "postgresql":
        tables = ("searchentry", "searchentryfacet", "match", "head")
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE portal_search_{table}")
    if not engine_configured():
        return
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        stats = connect().indices.stats(index=alias_name(), metric="merge")
        if stats["_all"]["total"]["merges"]["current"] == 0:
            return
        time.sleep(1)


def dataset_counts() -> dict:
    from django.contrib.auth import get_user_model

    from knowledge.models import KnowledgeItemPage, LibraryDocument
    from partners.models import Organisation
    from referrals.models import Client, Referral

    return {
        "organisations": Organisation.objects.count(),
        "users": get_user_model().objects.count(),
        "clients": Client.objects.count(),
        "referrals": Referral.objects.count(),
        "referral_history": Referral.history.count(),
        "knowledge_items": KnowledgeItemPage.objects.count(),
        "documents": LibraryDocument.objects.count(),
    }


def environment() -> dict:
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "python": platform.python_version(),
        "postgres": postgres,
        "cpus": os.cpu_count(),
        "settings": os.environ.get("DJANGO_SETTINGS_MODULE"),
        "debug": settings.DEBUG,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "engine": bool(settings.ELASTICSEARCH_URL),
        # Eager: an accepted referral's notification e-mails are sent inside the measured
        # request; with a broker they are queued, as in production (a worker sends them).
        "celery": "eager" if settings.CELERY_TASK_ALWAYS_EAGER else "broker",
        # Other processes on the machine (parallel test runs) inflate the figures.
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
