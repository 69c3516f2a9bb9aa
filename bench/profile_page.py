#!/usr/bin/env python
"""Where one page spends its time: cProfile over repeated test-client requests, and the
slowest SQL statements with their EXPLAIN ANALYZE.

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    ELASTICSEARCH_URL=http://127.0.0.1:59200 SEARCH_INDEX_PREFIX=bench \\
    .venv/bin/python -m bench.profile_page /hledat/?q=bydlení --user <username>
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="URL path with its query string")
    parser.add_argument("--user", help="username to log in as (default: anonymous)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25, help="functions to list")
    parser.add_argument("--explain", type=int, default=3, help="slowest queries to explain")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench")
    import django

    django.setup()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if args.user:
        client.force_login(get_user_model().objects.get(username=args.user))
    path, _, query = args.path.partition("?")
    params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
    response = client.get(path, params, secure=True)
    print(f"{args.path}: {response.status_code}")

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.repeat):
        client.get(path, params, secure=True)
    profiler.disable()
    elapsed = (time.perf_counter() - started) * 1000 / args.repeat
    print(f"{elapsed:.1f} ms per request (profiled)")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())

    with CaptureQueriesContext(connection) as captured:
        client.get(path, params, secure=True)
    queries = sorted(captured.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    print(f"{len(queries)} queries; slowest:")
    for query in queries[: args.explain]:
        print(f"\n-- {query['time']} s\n{query['sql'][:1500]}")
        if query["sql"].lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
