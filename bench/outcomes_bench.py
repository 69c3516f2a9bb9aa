#!/usr/bin/env python
"""The outcomes dashboard on a year of a large city: 20 000 referrals, 5 000 stays.

    createdb -h 127.0.0.1 -p 55432 -U portal portal_outcomes_bench
    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_outcomes_bench \\
        .venv/bin/python -m bench.outcomes_bench --referrals 20000 --stays 5000 --requests 200

Generates (once per database, deterministic from --seed) eight organisations with forty
programmes on every pathway stage and both approaches, 20 000 referrals submitted over
2025 (decided, declined, chained up and down the pathway), 5 000 stays with moves out and
exits, and repayment goals; then requests the members' dashboard (/vysledky/) through the
whole Django stack with a logged-in member, grouping by programme, stage and approach in
turn, and reports the p95. Writes bench/results/outcomes.json and .md with the load.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).resolve().parent / "results"
TARGET_P95_MS = 300
YEAR = datetime.date(2025, 1, 1)


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(referral_count: int, stay_count: int, seed: int):
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from partners.models import Approach, Membership, Organisation, PathwayStage, Programme
    from referrals.models import Client, Outcome, PlanGoal, Referral, Stay

    rng = random.Random(seed)
    user, _ = get_user_model().objects.get_or_create(username="bench-outcomes")
    if Referral.objects.filter(reference__startswith="BO-").exists():
        return user
    stages = list(PathwayStage.objects.order_by("level"))
    approaches = [Approach.HOUSING_FIRST, Approach.HOUSING_READY, Approach.OTHER]
    with transaction.atomic():
        organisations = [
            Organisation.objects.create(
                name=f"Bench organizace {i}",
                slug=f"bench-outcomes-{i}",
                kind="municipality",
                region="moravskoslezsky",
            )
            for i in range(8)
        ]
        Membership.objects.get_or_create(
            user=user, organisation=organisations[0], role=Membership.Role.EDITOR
        )
        programmes = [
            Programme.objects.create(
                organisation=organisations[i % 8],
                name=f"Program {i}",
                slug=f"program-{i}",
                kind="housing",
                stage=stages[i % len(stages)],
                approach=approaches[i % 3],
            )
            for i in range(40)
        ]
        clients = Client.objects.bulk_create(
            Client(reference=f"BOK-{i:06d}", responsible_organisation=organisations[i % 8])
            for i in range(referral_count)
        )

        def moment(day: int, hour: int = 9) -> datetime.datetime:
            return timezone.make_aware(
                datetime.datetime.combine(YEAR + datetime.timedelta(days=day), datetime.time(hour))
            )

        referrals = []
        for i, client in enumerate(clients):
            day = rng.randrange(0, 360)
            decided = rng.random() < 0.85
            declined = decided and rng.random() < 0.3
            programme = rng.choice(programmes)
            referrals.append(
                Referral(
                    reference=f"BO-{i:06d}",
                    client=client,
                    sender_organisation=organisations[(i + 1) % 8],
                    receiver_organisation_id=programme.organisation_id,
                    programme=programme,
                    status="declined" if declined else ("placed" if decided else "submitted"),
                    submitted_at=moment(day),
                    decided_at=moment(min(day + rng.randrange(0, 40), 364), 15)
                    if decided
                    else None,
                    status_note=rng.choice(["Dluh vůči městu", "Není volný byt", "Jiné", ""])
                    if declined
                    else "",
                )
            )
        referrals = Referral.objects.bulk_create(referrals, batch_size=2000)
        placed = [r for r in referrals if r.status == "placed"][:stay_count]
        # Every fifth placement follows an earlier one: moves up and down the pathway.
        for index in range(1, len(placed), 5):
            placed[index].previous_id = placed[index - 1].pk
        Referral.objects.bulk_update(placed, ["previous"], batch_size=2000)
        stays = []
        outcomes = [
            Outcome.SUCCESSFUL_EXIT,
            Outcome.MOVED_ON,
            Outcome.DROPPED_OUT,
            Outcome.EXCLUDED,
        ]
        for referral in placed:
            moved_in = referral.decided_at.date() + datetime.timedelta(days=rng.randrange(1, 30))
            ended = None
            if rng.random() < 0.4:
                ended = moved_in + datetime.timedelta(days=rng.randrange(30, 400))
                referral.outcome = rng.choice(outcomes)
                referral.status = "closed"
            stays.append(
                Stay(
                    referral=referral,
                    programme_id=referral.programme_id,
                    stage_id=next(p.stage_id for p in programmes if p.pk == referral.programme_id),
                    moved_in_on=moved_in,
                    lease_start=moved_in,
                    lease_end=moved_in + datetime.timedelta(days=365),
                    ended_on=ended,
                )
            )
        Referral.objects.bulk_update(placed, ["outcome", "status"], batch_size=2000)
        stays = Stay.objects.bulk_create(stays, batch_size=2000)
        PlanGoal.objects.bulk_create(
            (
                PlanGoal(
                    stay=stay,
                    text=text,
                    topic=topic,
                    status=rng.choice(["open", "in_progress", "achieved", "dropped"]),
                )
                for stay in stays
                for text, topic in [
                    rng.choice(
                        [
                            ("Splátkový kalendář s městem", "debt_repayment"),
                            ("Přihlásit děti do školy", "other"),
                        ]
                    )
                ]
            ),
            batch_size=2000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return user


def measure(user, requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    groupings = ["programme", "stage", "approach"]

    def get(i):
        response = client.get(
            "/vysledky/",
            {"start": "2025-01-01", "end": "2025-12-31", "group_by": groupings[i % 3]},
        )
        assert response.status_code == 200, response.status_code
        return response

    for i in range(10):
        get(i)
    timings = []
    for i in range(requests):
        started = time.perf_counter()
        get(i)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        get(0)
    timings.sort()
    return {
        "requests": requests,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 2),
        "max_ms": round(timings[-1], 2),
        "queries": len(captured.captured_queries),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--referrals", type=int, default=20_000)
    parser.add_argument("--stays", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    _setup()
    from referrals.models import Referral, Stay

    load_before = os.getloadavg()
    started = time.perf_counter()
    user = generate(args.referrals, args.stays, args.seed)
    generated_s = round(time.perf_counter() - started, 1)
    result = measure(user, args.requests)
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "referrals": Referral.objects.filter(reference__startswith="BO-").count(),
        "stays": Stay.objects.filter(referral__reference__startswith="BO-").count(),
        "generation_s": generated_s,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "cpus": os.cpu_count(),
        "target_p95_ms": TARGET_P95_MS,
        "dashboard": result,
    }
    print(json.dumps(report, indent=2))
    if args.no_write:
        return
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "outcomes.json").write_text(json.dumps(report, indent=2) + "\n")
    load = ", ".join(f"{x:.2f}" for x in report["load_average_after"])
    r = result
    lines = [
        "# Outcomes dashboard",
        "",
        f"{report['referrals']} referrals and {report['stays']} stays over 2025, PostgreSQL, "
        f"{report['date']}; load average {load} on {report['cpus']} CPUs (a shared "
        "machine: figures are noisy).",
        "",
        "| what | requests | median ms | p95 ms | p99 ms | max ms | queries | target p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| GET /vysledky/ (year, grouped by programme / stage / approach in turn) | "
        f"{r['requests']} | {r['median_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
        f"{r['max_ms']} | {r['queries']} | {TARGET_P95_MS} ms |",
        "",
        "Each request is the whole Django stack (middleware, session, membership check, "
        "template with inline SVG charts) for a logged-in member. The page runs two outcome "
        "tables (the chosen grouping and Housing First vs Housing Ready), each a fixed "
        "handful of grouped aggregate queries whatever the data size. PostgreSQL's JIT is "
        "switched off for those queries (`SET LOCAL jit = off`): it spent ~240 ms compiling "
        "each wide aggregate that runs in tens of ms, and the first run of this benchmark "
        "(JIT on, totals as separate aggregates) had a p95 of 3 203 ms.",
        "",
    ]
    (RESULTS / "outcomes.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
