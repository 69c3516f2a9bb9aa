#!/usr/bin/env python
"""Full reindex throughput: the reindex part of bench/run.py alone, repeated.

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    ELASTICSEARCH_URL=http://127.0.0.1:59200 \\
    .venv/bin/python -m bench.reindex_bench --runs 3

Each run is the search app's own `rebuild_database` then `rebuild_engine` (what
`manage.py search_rebuild` does), timed like bench/measure.py's `reindex()`: documents per
second include loading the entries from the database. Writes bench/results/reindex.json
and .md with the load average before and after each run (2 cores shared with other work:
anything above 2 means the figure is pessimistic). Builds under its own index prefix
(`--prefix`, default "bench-reindex", whatever SEARCH_INDEX_PREFIX says: the scale's own
index, which bench.run searches, is never touched) and drops its indexes at the end.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).resolve().parent / "results"


def uptime() -> str:
    try:
        done = subprocess.run(["uptime"], capture_output=True, text=True, check=False)  # noqa: S607
        return done.stdout.strip()
    except OSError:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())


def node_cpu_seconds(pid: str | None = None) -> float | None:
    """CPU time the search node's process has used (`pid`, or the one in .services/search),
    or None when the node is not the local one."""
    try:
        pid = pid or (ROOT / ".services" / "search" / "searchnode.pid").read_text().strip()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _cell(value) -> str:
    return "–" if value is None else str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--engine-only",
        action="store_true",
        help="time the engine's rebuild alone (the database copy is already filled)",
    )
    parser.add_argument("--node-pid", help="the search node's process (default: .services/)")
    parser.add_argument(
        "--prefix", default="bench-reindex", help="index prefix to build under (its own)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="leave the last index in place (to search it next)"
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # Not setdefault: with the environment of a scale's runs (SEARCH_INDEX_PREFIX=benchm)
    # the runs below would rebuild that scale's index and then drop it.
    os.environ["SEARCH_INDEX_PREFIX"] = args.prefix
    import django

    django.setup()

    from bench.measure import dataset_counts, environment, reindex
    from bench.report import REINDEX_TARGET
    from core.logs import loggers_muted
    from search.client import engine_configured
    from search.documents import drop_indexes

    if not engine_configured():
        print("ELASTICSEARCH_URL is not set: nothing to measure for the engine.")
        return 1
    runs = []
    with loggers_muted(["wagtail", "celery.app.trace", "search"], verbosity=1):
        try:
            for number in range(1, args.runs + 1):
                before = uptime()
                node_before = node_cpu_seconds(args.node_pid)
                cpu_before = time.process_time()
                figures = reindex(database=not args.engine_only)
                node_after = node_cpu_seconds(args.node_pid)
                figures.update(
                    {
                        "uptime_before": before,
                        "uptime_after": uptime(),
                        # CPU actually used, which the load on the machine does not inflate
                        "portal_cpu_seconds": round(time.process_time() - cpu_before, 2),
                        "node_cpu_seconds": round(node_after - node_before, 2)
                        if node_before is not None and node_after is not None
                        else None,
                    }
                )
                runs.append(figures)
                print(f"run {number}: {figures}", flush=True)
        finally:
            if not args.keep:
                drop_indexes()
    engine_rates = [r["engine_docs_per_s"] for r in runs]
    database_rates = [r["database_docs_per_s"] for r in runs if r["database_docs_per_s"]]
    result = {
        "measured_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": environment(),
        "dataset": dataset_counts(),
        "documents": runs[-1]["engine_documents"],
        "target_docs_per_s": REINDEX_TARGET,
        "engine_docs_per_s_median": round(statistics.median(engine_rates), 1),
        "engine_docs_per_s_best": max(engine_rates),
        "database_docs_per_s_median": round(statistics.median(database_rates), 1)
        if database_rates
        else None,
        "runs": runs,
    }
    lines = [
        f"### Full reindex ({result['measured_at']})",
        "",
        f"Dataset: {result['dataset']['knowledge_items']:,} knowledge items, "
        f"{result['dataset']['organisations']:,} organisations; {result['documents']:,} "
        "search documents. Python "
        f"{result['environment']['python']}, PostgreSQL {result['environment']['postgres']}, "
        f"{result['environment']['cpus']} CPUs shared with other work.",
        "",
        "| Run | Engine docs/s | Engine s | Database copy docs/s | Database s "
        "| load before | load after |",
        "|---:|---:|---:|---:|---:|---|---|",
    ]
    for number, r in enumerate(runs, 1):
        lines.append(
            f"| {number} | {r['engine_docs_per_s']} | {r['engine_seconds']} | "
            f"{_cell(r['database_docs_per_s'])} | {_cell(r['database_seconds'])} | "
            f"{r['uptime_before'].split('load average:')[-1].strip()} | "
            f"{r['uptime_after'].split('load average:')[-1].strip()} |"
        )
    lines += [
        "",
        f"Engine median {result['engine_docs_per_s_median']} docs/s (target ≥ "
        f"{REINDEX_TARGET})"
        + (
            f"; database copy median {result['database_docs_per_s_median']} docs/s."
            if database_rates
            else "; the database copy was not timed (--engine-only)."
        ),
        "",
        "CPU used per run (not inflated by the load): "
        + "; ".join(
            f"run {n}: portal process {r['portal_cpu_seconds']} s, search node "
            f"{r['node_cpu_seconds']} s"
            for n, r in enumerate(runs, 1)
        )
        + ".",
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "reindex.json").write_text(
            json.dumps(result, indent=2, ensure_ascii=False) + "\n"
        )
        # The file keeps the earlier runs and their analysis below the newest one.
        path = RESULTS / "reindex.md"
        earlier = path.read_text() if path.exists() else ""
        path.write_text(table + ("\n" + earlier if earlier else ""))
        print(f"Written {RESULTS / 'reindex.json'} and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
