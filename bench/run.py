#!/usr/bin/env python
"""Server-side latency and queries per request on a generated dataset (bench/generate.py).

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    ELASTICSEARCH_URL=http://127.0.0.1:59200 SEARCH_INDEX_PREFIX=bench \\
    .venv/bin/python -m bench.run --scale S

Every page is requested through the Django test client (no network, no browser) at least
200 times after a warm-up; each figure is the wall time of `client.get/post` in this
process, so it covers middleware, views, templates and the database round trips. Queries
are counted with CaptureQueriesContext on separate requests, so counting does not slow
the timed ones. The full reindex is timed with the search app's own rebuild (bulk helpers).

Writes bench/results/<scale>.json and <scale>.md and prints how each figure grows from
scale to scale when several result files exist. The accept transition changes data: each
run accepts up to --requests referrals that are under review.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).resolve().parent / "results"
SCALE_ORDER = ["XS", "S", "M", "L"]

# Targets from the issue, in milliseconds of p95 at scale M (and L for the referral pages).
TARGETS = {
    "home": 50,
    "library_filtered": 50,
    "knowledge_item": 50,
    "partner_directory": 50,
    "search_engine": 80,
    "search_database": 80,
    "referral_inbox": 50,
    "referral_detail": 50,
    "referral_accept": 50,
}
TARGETS_L = {"referral_inbox": 80, "referral_detail": 80}
REINDEX_TARGET = 2_000  # documents per second
SEARCH_WORDS = [
    "bydlení",
    "dluhy",
    "sociální práce",
    "housing first",
    "nájemní agentura",
    "evaluace",
    "děti a rodiny",
    "energie",
    "Přerov",
    "metodika",
    "prostupné bydlení",
    "exekuce",
]
LABELS = {
    "home": "Home page",
    "library_filtered": "Library, two filters",
    "knowledge_item": "Knowledge item",
    "partner_directory": "Partner directory",
    "search_engine": "Search (engine)",
    "search_database": "Search (database fallback)",
    "referral_inbox": "Referral inbox",
    "referral_detail": "Referral detail + timeline",
    "referral_accept": "Transition: accept (POST)",
    "home_cached": "Home page, anonymous (page cache)",
    "library_cached": "Library, two filters, anonymous (page cache)",
}


@dataclass
class Request:
    method: str
    path: str
    user: object = None
    data: dict = field(default_factory=dict)
    expect: int = 200


@dataclass
class Scenario:
    name: str
    requests: list[Request]  # cycled through; a consuming scenario has one per repetition
    consuming: bool = False
    settings: dict = field(default_factory=dict)


def percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def _do(client, request: Request, logged_in: list):
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
            for index in range(warmup):
                _do(client, requests[index % len(requests)], logged_in)
            # Query counts on separate requests (capturing forces the debug cursor).
            for index in range(min(5, len(requests))):
                with CaptureQueriesContext(connection) as captured:
                    _do(client, requests[index], logged_in)
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
                request = requests[index % len(requests)]
            if logged_in[0] is not request.user:
                _do(client, Request("GET", "/healthz/", request.user), logged_in)
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


def reindex() -> dict:
    from search.client import engine_configured
    from search.indexing import rebuild_database, rebuild_engine

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


def scenarios(repetitions: int, seed: int) -> list[Scenario]:
    import random

    from django.db.models import Count

    from knowledge.models import KnowledgeItemPage, LibraryIndexPage
    from partners.models import Membership, Organisation
    from referrals.models import Referral

    rng = random.Random(seed)
    bench_orgs = Organisation.objects.filter(slug__startswith="bench-")
    # The busiest receiving organisation: the worst inbox of the dataset.
    busiest = (
        bench_orgs.annotate(n=Count("referrals_received"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )

    def member(organisation_id, role):
        membership = (
            Membership.objects.filter(organisation_id=organisation_id, role=role, is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return membership.user if membership else None

    reviewer = member(busiest, "case_reviewer")
    worker = member(busiest, "social_worker")

    library = LibraryIndexPage.objects.live().first()
    items = list(
        KnowledgeItemPage.objects.live()
        .filter(visibility="public")
        .order_by("pk")
        .values_list("url_path", flat=True)[:5000]
    )
    rng.shuffle(items)
    item_paths = [KnowledgeItemPage(url_path=path) for path in items[:repetitions]]
    item_urls = []
    for page in item_paths:
        # url_path starts with the site root's own path (/uvod/); the site serves it at /.
        parts = page.url_path.strip("/").split("/", 1)
        item_urls.append("/" + (parts[1] + "/" if len(parts) > 1 else ""))

    received = list(
        Referral.objects.filter(receiver_organisation_id=busiest)
        .exclude(status="draft")
        .order_by("pk")
        .values_list("public_id", flat=True)
    )
    rng.shuffle(received)
    to_accept = list(
        Referral.objects.filter(
            receiver_organisation__slug__startswith="bench-", status="under_review"
        )
        .order_by("pk")
        .values_list("public_id", "receiver_organisation_id")[: repetitions + 5]
    )
    reviewers = {}
    today = datetime.date.today().isoformat()
    accept_requests = []
    for public_id, organisation_id in to_accept:
        if organisation_id not in reviewers:
            reviewers[organisation_id] = member(organisation_id, "case_reviewer")
        user = reviewers[organisation_id]
        accept_requests.append(
            Request(
                "POST",
                f"/predavani/{public_id}/akce/accept/",
                user,
                {"meeting_date": today, "members_present": [user.pk], "reason": ""},
                expect=302,
            )
        )
    library_url = "/" + library.url_path.strip("/").split("/", 1)[1] + "/"
    search = [Request("GET", "/hledat/", worker, {"q": word}) for word in SEARCH_WORDS]
    return [
        Scenario("home", [Request("GET", "/", worker)]),
        Scenario(
            "library_filtered",
            [
                Request("GET", library_url, worker, {"kind": kind, "region": region})
                for kind, region in [
                    ("methodology", "olomoucky"),
                    ("analysis", "praha"),
                    ("good_practice", "moravskoslezsky"),
                    ("case_study", "ustecky"),
                ]
            ],
        ),
        Scenario("knowledge_item", [Request("GET", url, worker) for url in item_urls]),
        Scenario("partner_directory", [Request("GET", "/partneri/", worker)]),
        Scenario("search_engine", search),
        Scenario("referral_inbox", [Request("GET", "/predavani/", reviewer)]),
        Scenario(
            "referral_detail",
            [Request("GET", f"/predavani/{pid}/", reviewer) for pid in received[:repetitions]],
        ),
        Scenario("referral_accept", accept_requests, consuming=True),
        # Anonymous visitors get public pages from the page cache (core/cache.py) after
        # the first request; the pages above are requested logged in, so never cached.
        Scenario("home_cached", [Request("GET", "/", None)]),
        Scenario(
            "library_cached",
            [Request("GET", library_url, None, {"kind": "methodology", "region": "olomoucky"})],
        ),
        # Last: at M its broad words read most of the search table (about 1 GB), which
        # pushes the other pages' rows out of PostgreSQL's buffers for a while.
        Scenario("search_database", search, settings={"ELASTICSEARCH_URL": ""}),
    ]


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


# --- output -------------------------------------------------------------------------------


def _fmt(value, unit=""):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}{unit}"
    return f"{value}{unit}"


def markdown(result: dict) -> str:
    scale = result["scale"]
    lines = [
        f"### Scale {scale} ({result['measured_at']})",
        "",
        "Dataset: "
        + ", ".join(
            f"{value:,} {name.replace('_', ' ')}" for name, value in result["dataset"].items()
        )
        + ".",
        "",
        f"Environment: Python {result['environment']['python']}, PostgreSQL "
        f"{result['environment']['postgres']}, {result['environment']['cpus']} CPUs, "
        f"settings {result['environment']['settings']} (DEBUG {result['environment']['debug']}), "
        f"cache {result['environment']['cache']}, "
        f"Celery {result['environment'].get('celery', 'eager')}, load average "
        f"{result['environment'].get('load_average_at_start', ['?'])[0]} at the start and "
        f"{result['environment'].get('load_average_at_end', ['?'])[0]} at the end "
        "(2 cores; anything above 2 means other processes competed for the CPU).",
        "",
        "| Page | Requests | Median ms | p95 ms | p99 ms | Queries | p95 target (M) | Measured "
        "(load) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, figures in result["pages"].items():
        if "skipped" in figures:
            lines.append(
                f"| {LABELS.get(name, name)} | – | – | – | – | – | {figures['skipped']} | |"
            )
            continue
        target = f"≤ {TARGETS[name]}" if name in TARGETS else "–"
        if name in TARGETS_L:
            target += f" (L ≤ {TARGETS_L[name]})"
        queries = figures["queries"]
        if figures.get("queries_min") not in (None, queries):
            queries = f"{figures['queries_min']}–{queries}"
        errors = f" ({figures['errors']} errors)" if figures.get("errors") else ""
        lines.append(
            f"| {LABELS.get(name, name)} | {figures['requests']}{errors} | "
            f"{_fmt(figures['median_ms'])} | {_fmt(figures['p95_ms'])} | "
            f"{_fmt(figures['p99_ms'])} | {_fmt(queries)} | {target} | "
            f"{figures.get('measured_at', result['measured_at'])[11:16]} "
            f"({_fmt(figures.get('load_average', [None])[0])}) |"
        )
    reindex = result.get("reindex") or {}
    lines += [
        "",
        "| Reindex | Documents | Seconds | Documents/s | Target |",
        "|---|---:|---:|---:|---:|",
    ]
    if reindex.get("engine_documents") is not None:
        lines.append(
            f"| Engine (bulk helpers) | {reindex['engine_documents']} | "
            f"{_fmt(reindex['engine_seconds'])} | {_fmt(reindex['engine_docs_per_s'])} | "
            f"≥ {REINDEX_TARGET} |"
        )
    if reindex.get("database_documents") is not None:
        lines.append(
            f"| Database copy (fallback) | {reindex['database_documents']} | "
            f"{_fmt(reindex['database_seconds'])} | {_fmt(reindex['database_docs_per_s'])} | – |"
        )
    return "\n".join(lines) + "\n"


def growth() -> str:
    """p95 and queries per page across the scales that have results."""
    results = {}
    for scale in SCALE_ORDER:
        path = RESULTS / f"{scale}.json"
        if path.exists():
            results[scale] = json.loads(path.read_text())
    results.pop("XS", None)
    if len(results) < 2:
        return ""
    scales = list(results)
    header = " | ".join(f"p95 {s}" for s in scales) + " | " + " | ".join(f"q {s}" for s in scales)
    lines = [
        f"| Page | {header} | p95 {scales[-1]}/{scales[0]} |",
        "|---|" + "---:|" * (2 * len(scales) + 1),
    ]
    for name in LABELS:
        p95 = [results[s]["pages"].get(name, {}).get("p95_ms") for s in scales]
        queries = [results[s]["pages"].get(name, {}).get("queries") for s in scales]
        ratio = f"× {p95[-1] / p95[0]:.2f}" if p95[0] and p95[-1] else "–"
        lines.append(
            f"| {LABELS[name]} | "
            + " | ".join(_fmt(v) for v in p95)
            + " | "
            + " | ".join(_fmt(v) for v in queries)
            + f" | {ratio} |"
        )
    rates = [(results[s].get("reindex") or {}).get("engine_docs_per_s") for s in scales]
    lines.append(
        "| Reindex docs/s | "
        + " | ".join(_fmt(v) for v in rates)
        + " | "
        + " | ".join("" for _ in scales)
        + " | – |"
    )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="S", help="label of the generated dataset (S, M, L)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1, help="for picking items and referrals")
    parser.add_argument("--only", help="comma-separated scenario names (default: all)")
    parser.add_argument("--no-reindex", action="store_true", help="skip the reindex timing")
    parser.add_argument("--no-write", action="store_true", help="print, do not write results")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the other pages (and the reindex) of an existing result file of this scale",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench")
    os.environ["SEARCH_INDEX_SYNC"] = "1"  # an accepted referral is indexed in-process
    import django

    django.setup()

    from core.logs import loggers_muted

    result: dict = {
        "scale": args.scale,
        "measured_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": environment(),
        "dataset": dataset_counts(),
        "pages": {},
    }
    print(f"Scale {args.scale}: {result['dataset']}")
    with loggers_muted(["wagtail", "django_tasks", "celery.app.trace", "search"], verbosity=1):
        if not args.no_reindex:
            print("  reindex ...", flush=True)
            result["reindex"] = reindex()
            print(f"    {result['reindex']}")
            settle_after_reindex()
        only = set(args.only.split(",")) if args.only else None
        planned = scenarios(args.requests, args.seed)
        # As each gunicorn worker does (portal/wsgi.py): what is loaded by now stays.
        from core.runtime import freeze_loaded_objects

        freeze_loaded_objects()
        for scenario in planned:
            if only and scenario.name not in only:
                continue
            print(f"  {scenario.name} ...", flush=True)
            result["pages"][scenario.name] = figures = measure(scenario, args.requests, args.warmup)
            figures["measured_at"] = result["measured_at"]
            figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
            print(f"    {figures}")
    result["environment"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    if result["environment"]["celery"] == "broker":
        # Nobody works this queue (the benchmark's own Redis database): drop what the
        # accepted referrals queued rather than leave it for a worker of another database.
        from portal.celery import app

        print(f"  purged {app.control.purge()} queued tasks from the benchmark's broker")
    table = markdown(result)
    print()
    print(table)
    if args.merge and (RESULTS / f"{args.scale}.json").exists():
        previous = json.loads((RESULTS / f"{args.scale}.json").read_text())
        result["pages"] = {**previous.get("pages", {}), **result["pages"]}
        for name in result["pages"]:
            result["pages"][name].setdefault("measured_at", previous["measured_at"])
        if "reindex" not in result and "reindex" in previous:
            result["reindex"] = previous["reindex"]
        result["environment"]["merged_with_run_of"] = previous["measured_at"]
        table = markdown(result)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{args.scale}.json").write_text(
            json.dumps(result, indent=2, ensure_ascii=False) + "\n"
        )
        (RESULTS / f"{args.scale}.md").write_text(table)
        print(f"Written {RESULTS / (args.scale + '.json')} and .md")
    grown = growth()
    if grown:
        print("Growth across scales:\n")
        print(grown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
