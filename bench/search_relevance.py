#!/usr/bin/env python
"""Relevance of the portal search on the demo content: top-1, top-3, MRR@10, nDCG@10 and
zero-result queries for the engine and for the database fallback, on the tuning and the
held-out parts of the hard judged set (tests/search/relevance_hard_cs.json) and on the
first, easy set (tests/search/relevance_cs.json).

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    ELASTICSEARCH_URL=http://127.0.0.1:59200 .venv/bin/python bench/search_relevance.py

It migrates the database, loads the demo content when the library is empty (idempotent),
rebuilds the search into its own index prefix (default "bench", so a running portal's
index is untouched) and prints a line per query and the figures per backend and part.
Without ELASTICSEARCH_URL only the database fallback is measured. --json and --markdown
write the figures (bench/results/search_relevance.json and .md by default with --write).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


RESULTS = ROOT / "bench" / "results"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", default="bench", help="index prefix (default: bench)")
    parser.add_argument("--judgments", default=None, help="a judged set (JSON) instead")
    parser.add_argument("--no-rebuild", action="store_true", help="use the index as it is")
    parser.add_argument("--json", dest="json_path", help="write the figures to this file")
    parser.add_argument("--markdown", dest="markdown_path", help="write a table to this file")
    parser.add_argument(
        "--write", action="store_true", help="write bench/results/search_relevance.{json,md}"
    )
    parser.add_argument("--quiet", action="store_true", help="only the summary lines")
    args = parser.parse_args()
    if args.write:
        args.json_path = args.json_path or str(RESULTS / "search_relevance.json")
        args.markdown_path = args.markdown_path or str(RESULTS / "search_relevance.md")

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
    from search.evaluation import (
        DEFAULT_JUDGMENTS,
        HARD_JUDGMENTS,
        SPLITS,
        evaluate,
        load_judgments,
        report_lines,
    )
    from search.rebuild import rebuild_database, rebuild_engine

    for name in ("wagtail", "django_tasks", "fontTools", "fpdf"):
        logging.getLogger(name).setLevel(logging.WARNING)

    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    if not KnowledgeItemPage.objects.exists():
        print("Loading the demo content …", file=sys.stderr)
        call_command("load_demo", verbosity=0)

    if args.judgments:
        custom = load_judgments(args.judgments)
        parts = [("custom", custom)]
    else:
        hard = load_judgments(HARD_JUDGMENTS)
        parts = [(split, hard.part(split)) for split in SPLITS]
        parts.append(("easy", load_judgments(DEFAULT_JUDGMENTS)))
    user = get_user_model().objects.get(username=parts[0][1].username)

    if not args.no_rebuild:
        rebuild_database()
        if engine_configured():
            rebuild_engine()

    figures: dict[str, dict[str, dict]] = {}
    runs = [("engine", None)] if engine_configured() else []
    runs.append(("database", {"ELASTICSEARCH_URL": None}))
    for label, overrides in runs:
        figures[label] = {}
        for part, judgments in parts:
            with override_settings(**(overrides or {})):
                evaluation = evaluate(judgments, user)
            lines = report_lines(evaluation, part)
            print("\n".join(lines[-1:] if args.quiet else lines))
            print()
            figures[label][part] = evaluation.figures()

    database = settings.DATABASES["default"]["NAME"]
    table = [
        "| backend | part | queries | top-1 | top-3 | MRR@10 | nDCG@10 | zero results |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, by_part in figures.items():
        for part, row in by_part.items():
            table.append(
                f"| {label} | {part} | {row['queries']} | {row['top1']:.1%} | "
                f"{row['top3']:.1%} | {row['mrr_at_10']:.3f} | {row['ndcg_at_10']:.3f} | "
                f"{row['zero_results']} |"
            )
    print(f"database {database}")
    print("\n".join(table))
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.markdown_path:
        from datetime import UTC, datetime

        header = [
            f"### Search relevance ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
            "",
            "Demo content (`manage.py load_demo`), `bench/search_relevance.py --write`. The hard "
            "set (tests/search/relevance_hard_cs.json) is split into a tuning part and a "
            "held-out part that was written before any tuning and never tuned on; `easy` is "
            "the first judged set (tests/search/relevance_cs.json).",
            "",
        ]
        Path(args.markdown_path).write_text("\n".join(header + table) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
