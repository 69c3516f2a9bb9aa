"""The benchmark's results: targets, the Markdown table of one run and the growth of each
figure across scales (bench/results/<scale>.json)."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
SCALE_ORDER = ["XS", "S", "M", "L"]

# Targets from the issue, in milliseconds of p95 at scale M (and L for the referral pages).
TARGETS = {
    "home": 50,
    "library_filtered": 50,
    "library": 50,
    "library_by_kind": 50,
    "library_page_50": 50,
    "library_by_title": 50,
    "partner_detail": 50,
    "news_index": 50,
    "knowledge_item": 50,
    "partner_directory": 50,
    "search_engine": 80,
    "search_engine_uncached": 80,
    "search_database": 80,
    "search_database_varied": 80,
    "referral_inbox": 50,
    "referral_detail": 50,
    "referral_accept": 50,
    "referral_detail_money": 50,
    "project_report": 300,  # an aggregate over a project's casework, like the dashboard
}
TARGETS_L = {
    "referral_inbox": 80,
    "referral_outbox": 80,
    "referral_agenda": 80,
    "referral_detail": 80,
}
REINDEX_TARGET = 2_000  # documents per second

LABELS = {
    "home": "Home page",
    "library_filtered": "Library, two filters",
    "library": "Library, unfiltered",
    "library_by_kind": "Library, one kind",
    "library_page_50": "Library, page 50",
    "library_by_title": "Library, by title (unfiltered and one kind)",
    "knowledge_item": "Knowledge item",
    "partner_detail": "Partner page with its items",
    "news_index": "News index",
    "partner_directory": "Partner directory",
    "search_engine": "Search (engine, kept answers)",
    "search_engine_uncached": "Search (engine, distinct queries, none kept)",
    "search_database": "Search (database fallback, kept answers)",
    "search_database_varied": "Search (database fallback, distinct queries, none kept)",
    "referral_inbox": "Referral inbox",
    "referral_outbox": "Referral outbox",
    "referral_agenda": "Case-review agenda",
    "referral_detail": "Referral detail + timeline",
    "referral_accept": "Transition: accept (POST)",
    "referral_detail_money": "Referral detail of a stay with a year of payments",
    "project_report": "Project indicator report (5 organisations' casework)",
    "home_cached": "Home page, anonymous (page cache)",
    "library_cached": "Library, two filters, anonymous (page cache)",
}


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
    if reindex.get("engine_documents") is None and reindex.get("database_documents") is None:
        lines += ["", "The reindex was not timed in this run (bench/results/reindex.md)."]
        return "\n".join(lines) + "\n"
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
