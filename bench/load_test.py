#!/usr/bin/env python
"""Issue 6 load test: 50 concurrent users for 60 s against gunicorn on loopback.

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    REDIS_URL=redis://127.0.0.1:56379/1 ELASTICSEARCH_URL=http://127.0.0.1:59200 \\
    SEARCH_INDEX_PREFIX=bench .venv/bin/python -m bench.load_test

Picks from the bench dataset the case reviewers of the receiving organisations with the
most referrals under review and the social workers of the sending organisations with the
most drafts (each with its own referrals, so no two users act on the same one), public
knowledge items and the search words of bench/scenarios.py; starts gunicorn (2 sync workers,
bench.settings) and runs bench/locustfile.py headless with locust (FastHttpUser):
anonymous readers (home, library with and without filters, items, directory, search) and
logged-in reviewers and social workers (log in, inbox or outbox, details, accept or
submit) in the ratio 3 : 1 : 1. Each run consumes the referrals it accepts and submits.

Writes bench/results/load.json and load.md: requests, failures, median and p95 per
endpoint, requests per second. The run fails (exit code 1) on any failed request.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).resolve().parent / "results"


def prepare(per_role: int, referrals_each: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    import datetime

    from django.db.models import Count, Exists, OuterRef, Q

    from bench.scenarios import SEARCH_WORDS, library_url, public_item_urls
    from partners.models import Membership
    from referrals.models import Consent, Referral

    today = datetime.date.today()
    # A draft can be submitted only with the client's assessment consent for the receiver
    # (the service refuses it otherwise); the generator leaves some drafts without one.
    consented = Consent.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        client_id=OuterRef("client_id"),
        organisation_id=OuterRef("receiver_organisation_id"),
        purpose=Consent.Purpose.ASSESSMENT,
        withdrawn_at__isnull=True,
        valid_from__lte=today,
    )
    actionable = {
        "under_review": Referral.objects.filter(status="under_review", archived_at__isnull=True),
        "draft": Referral.objects.filter(
            Exists(consented), status="draft", archived_at__isnull=True
        ),
    }

    def accounts(status, organisation_field, role):
        busiest = (
            actionable[status]
            .values(organisation_field)
            .annotate(n=Count("pk"))
            .order_by("-n", organisation_field)[:per_role]
        )
        result = []
        for row in busiest:
            organisation_id = row[organisation_field]
            membership = (
                Membership.objects.filter(
                    organisation_id=organisation_id, role=role, is_active=True
                )
                .select_related("user")
                .order_by("pk")
                .first()
            )
            if membership is None or not membership.user.username.startswith("bench-"):
                continue
            referrals = list(
                actionable[status]
                .filter(**{organisation_field: organisation_id})
                .order_by("pk")
                .values_list("public_id", flat=True)[:referrals_each]
            )
            result.append(
                {"username": membership.user.username, "referrals": [str(r) for r in referrals]}
            )
        return result

    return {
        "password": "bench",
        "library": library_url(),
        "library_filters": [
            ["methodology", "olomoucky"],
            ["analysis", "praha"],
            ["good_practice", "moravskoslezsky"],
            ["case_study", "ustecky"],
        ],
        "items": public_item_urls(500, order="?"),
        "search_words": SEARCH_WORDS,
        "reviewers": accounts("under_review", "receiver_organisation_id", "case_reviewer"),
        "workers": accounts("draft", "sender_organisation_id", "social_worker"),
    }


def read_stats(prefix: str) -> dict:
    endpoints = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            endpoints[row["Name"]] = {
                "method": row["Type"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "median_ms": float(row["Median Response Time"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
                "rps": round(float(row["Requests/s"]), 2),
            }
    failures = []
    with open(f"{prefix}_failures.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            failures.append(
                {
                    "method": row["Method"],
                    "name": row["Name"],
                    "error": row["Error"],
                    "occurrences": int(row["Occurrences"]),
                }
            )
    return {"endpoints": endpoints, "failures": failures}


def markdown(result: dict) -> str:
    env = result["environment"]
    total = result["endpoints"].get("Aggregated", {})
    lines = [
        f"### Load test: {result['users']} users for {result['seconds']} s "
        f"({result['measured_at']})",
        "",
        f"locust {env['locust']} headless (FastHttpUser, think time 1–2 s, spawn rate "
        f"{result['spawn_rate']}/s) against gunicorn {env['gunicorn']} with {env['workers']} sync "
        f"workers on 127.0.0.1, settings {env['settings']}, cache {env['cache']}, search "
        f"{'engine' if env['engine'] else 'database fallback'}. Users: anonymous readers, "
        f"case reviewers ({result['reviewers']} accounts) and social workers "
        f"({result['workers']} accounts) in the ratio 3 : 1 : 1. Load average "
        f"{env['load_average_at_start'][0]} at the start, {env['load_average_at_end'][0]} "
        "at the end (2 cores, shared).",
        "",
        f"**{total.get('requests', 0)} requests, {total.get('failures', 0)} failures, "
        f"{total.get('rps', 0)} requests/s.**",
        "",
        "| Endpoint | Method | Requests | Failures | Median ms | p95 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in result["endpoints"].items():
        if name == "Aggregated":
            continue
        lines.append(
            f"| {name} | {row['method']} | {row['requests']} | {row['failures']} | "
            f"{row['median_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} |"
        )
    if total:
        lines.append(
            f"| **All** | | {total['requests']} | {total['failures']} | "
            f"{total['median_ms']:.0f} | {total['p95_ms']:.0f} | {total['p99_ms']:.0f} |"
        )
    if result["failures"]:
        lines += ["", "Failures:", ""]
        lines += [
            f"- {f['method']} {f['name']}: {f['error']} (× {f['occurrences']})"
            for f in result["failures"]
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    data = prepare(per_role=max(1, args.users // 5), referrals_each=40)
    from importlib.metadata import version

    import gunicorn
    from django.conf import settings

    from bench.serve_bench import Gunicorn

    load_start = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="load-test-") as tmp:
        data_file = Path(tmp) / "data.json"
        data_file.write_text(json.dumps(data))
        prefix = str(Path(tmp) / "stats")
        with Gunicorn(workers=args.workers) as server:
            command = [
                str(ROOT / ".venv" / "bin" / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{server.port}",
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "WARNING",
            ]
            print(" ".join(command), flush=True)
            subprocess.run(  # noqa: S603
                command, env={**os.environ, "LOAD_TEST_DATA": str(data_file)}, check=False
            )
        stats = read_stats(prefix)
    result = {
        "measured_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "users": args.users,
        "seconds": args.seconds,
        "spawn_rate": args.spawn_rate,
        "reviewers": len(data["reviewers"]),
        "workers": len(data["workers"]),
        "environment": {
            # Not imported here: locust monkey-patches the process with gevent.
            "locust": version("locust"),
            "gunicorn": gunicorn.__version__,
            "workers": args.workers,
            "settings": os.environ.get("DJANGO_SETTINGS_MODULE"),
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "engine": bool(settings.ELASTICSEARCH_URL),
            "cpus": os.cpu_count(),
            "load_average_at_start": load_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        **stats,
    }
    table = markdown(result)
    print(table)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "load.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        (RESULTS / "load.md").write_text(table)
    failed = result["endpoints"].get("Aggregated", {}).get("failures", 1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
