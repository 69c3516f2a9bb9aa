#!/usr/bin/env python
"""The referral pages at scale L: the issue's L target is p95 ≤ 80 ms for the referral
lists and the referral detail, and L grows only the referral side (bench/generate.py).

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench_l \\
    .venv/bin/python -m bench.run_l

Uses bench.run's own scenarios and measurement (the same requests, users and figures
as at S and M), runs only the referral read pages (bench.run.REFERRAL_PAGES), and adds
EXPLAIN (ANALYZE, BUFFERS) of the slowest statements of one request of each, since at L
the question is which query grows with the table. Writes bench/results/L.json and L.md.
The reindex and the pages whose data L does not grow (library, search, accept) are left
to `bench.run --scale M`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import REFERRAL_PAGES as PAGES  # noqa: E402 - after the path above


def explain(scenario, slowest: int) -> list[dict]:
    """The slowest statements of one request of the scenario, with their plans."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    request = scenario.requests[0]
    client = Client()
    client.force_login(request.user)
    client.get(request.path, request.data, secure=True)  # warm the caches
    with CaptureQueriesContext(connection) as captured:
        client.get(request.path, request.data, secure=True)
    queries = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    plans = []
    for query in queries[:slowest]:
        sql = query["sql"]
        plan = []
        if sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
        plans.append({"ms": round(float(query["time"]) * 1000, 1), "sql": sql, "plan": plan})
    return plans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1, help="for picking referrals")
    parser.add_argument("--explain", type=int, default=3, help="slowest queries to explain")
    parser.add_argument("--no-write", action="store_true", help="print, do not write results")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench")
    os.environ["SEARCH_INDEX_SYNC"] = "1"
    import django

    django.setup()

    from bench.measure import dataset_counts, environment, measure
    from bench.report import RESULTS, markdown
    from bench.scenarios import scenarios
    from core.logs import loggers_muted

    result: dict = {
        "scale": "L",
        "measured_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": environment(),
        "dataset": dataset_counts(),
        "pages": {},
        "explain": {},
    }
    print(f"Scale L: {result['dataset']}", flush=True)
    with loggers_muted(
        ["wagtail", "django_tasks", "celery.app.trace", "search", "axes"], verbosity=1
    ):
        chosen = [s for s in scenarios(args.requests, args.seed) if s.name in PAGES]
        # As each gunicorn worker does (portal/wsgi.py), and as bench.run does.
        from core.runtime import freeze_loaded_objects

        freeze_loaded_objects()
        for scenario in chosen:
            print(f"  {scenario.name} ...", flush=True)
            result["pages"][scenario.name] = figures = measure(scenario, args.requests, args.warmup)
            print(f"    {figures}", flush=True)
        for scenario in chosen:
            if args.explain and scenario.requests:
                result["explain"][scenario.name] = explain(scenario, args.explain)
    result["environment"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    table = markdown(result)
    plans = []
    for name, queries in result["explain"].items():
        plans += ["", f"#### Slowest statements of one {name.replace('_', ' ')} request", ""]
        for query in queries:
            plans += [f"{query['ms']} ms:", "", "```sql", query["sql"][:2000], "```", ""]
            if query["plan"]:
                plans += ["```", *query["plan"], "```", ""]
    print()
    print(table)
    print("\n".join(plans))
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "L.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        (RESULTS / "L.md").write_text(table + "\n".join(plans) + "\n")
        print(f"Written {RESULTS / 'L.json'} and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
