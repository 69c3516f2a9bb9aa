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
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The referral read pages (issues 18 and 19; docs/decisions/0004), also measured at L by
# bench.run_l.
REFERRAL_PAGES = (
    "referral_inbox",
    "referral_outbox",
    "referral_agenda",
    "referral_detail",
    "referral_detail_money",
)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="S", help="label of the generated dataset (S, M, L)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1, help="for picking items and referrals")
    parser.add_argument(
        "--only",
        help="comma-separated scenario names (default: all); `referrals` stands for the "
        "referral read pages (lists, detail, detail with money)",
    )
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

    from bench.measure import dataset_counts, environment, measure, reindex, settle_after_reindex
    from bench.report import RESULTS, growth, markdown
    from bench.scenarios import scenarios
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
        if only and "referrals" in only:
            only = (only - {"referrals"}) | set(REFERRAL_PAGES)
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
