#!/usr/bin/env python
"""Relevance of the portal search on the demo content: MRR and nDCG@10 for the engine and
for the database fallback, over the judged set in tests/search/relevance_cs.json.

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    ELASTICSEARCH_URL=http://127.0.0.1:59200 .venv/bin/python bench/search_relevance.py

It migrates the database, loads the demo content when the library is empty (idempotent),
rebuilds the search into its own index prefix (default "bench", so a running portal's
index is untouched) and prints a line per query and the figures per backend. Without
ELASTICSEARCH_URL only the database fallback is measured. --json writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", default="bench", help="index prefix (default: bench)")
    parser.add_argument("--judgments", default=None, help="judged set (JSON)")
    parser.add_argument("--no-rebuild", action="store_true", help="use the index as it is")
    parser.add_argument("--json", dest="json_path", help="write the figures to this file")
    parser.add_argument("--quiet", action="store_true", help="only the summary lines")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["SEARCH_INDEX_PREFIX"] = args.prefix
    os.environ["SEARCH_INDEX_SYNC"] = "1"  # index in this process, whatever the broker

    import django

    django.setup()

    import logging

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import override_settings

    from knowledge.models import KnowledgeItemPage
    from search.client import engine_configured
    from search.evaluation import DEFAULT_JUDGMENTS, evaluate, load_judgments, report_lines
    from search.rebuild import rebuild_database, rebuild_engine

    for name in ("wagtail", "django_tasks", "fontTools", "fpdf"):
        logging.getLogger(name).setLevel(logging.WARNING)

    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    if not KnowledgeItemPage.objects.exists():
        print("Loading the demo content …", file=sys.stderr)
        call_command("load_demo", verbosity=0)
    judgments = load_judgments(args.judgments or DEFAULT_JUDGMENTS)
    user = get_user_model().objects.get(username=judgments.username)

    if not args.no_rebuild:
        rebuild_database()
        if engine_configured():
            rebuild_engine()

    figures = {}
    runs = [("engine", None)] if engine_configured() else []
    runs.append(("database", {"ELASTICSEARCH_URL": None}))
    for label, overrides in runs:
        with override_settings(**(overrides or {})):
            evaluation = evaluate(judgments, user)
        lines = report_lines(evaluation)
        print("\n".join(lines[-1:] if args.quiet else lines))
        print()
        figures[label] = {
            "backend": evaluation.backend,
            "mrr": round(evaluation.mrr, 4),
            "ndcg_at_10": round(evaluation.ndcg, 4),
            "judged_in_top3": round(evaluation.top3_share, 4),
            "queries": len(evaluation.outcomes),
        }
    database = settings.DATABASES["default"]["NAME"]
    print(f"{'backend':<10} {'MRR':>6} {'nDCG@10':>8} {'top-3':>6}  (database {database})")
    for label, row in figures.items():
        print(
            f"{label:<10} {row['mrr']:6.3f} {row['ndcg_at_10']:8.3f} {row['judged_in_top3']:6.0%}"
        )
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
