# ruff: noqa: S608 - the SQL here interpolates table and column names of the models
"""PostgreSQL query plans for the listing tests: a listing whose cost does not grow with the
data is planned as an ordered index walk that stops after a page (a Limit over an index
scan), with no Sort over the rows it matches and no count of them."""

from __future__ import annotations

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

SORTS = {"Sort", "Incremental Sort"}


def analyze(*tables: str) -> None:
    """Planner statistics, as autovacuum would have them on a live server."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def plan(queryset) -> dict:
    """The plan PostgreSQL chooses for a queryset (EXPLAIN, not run)."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    document = raw if isinstance(raw, list) else json.loads(raw)
    return document[0]["Plan"]


def nodes(node: dict, *, subplans: bool = True) -> list[dict]:
    """The plan's nodes; without `subplans`, only those that produce the listing's rows
    (not the permission checks evaluated per row or once, "SubPlan" and "InitPlan")."""
    found = [node]
    for child in node.get("Plans", []):
        if not subplans and child.get("Parent Relationship") in ("SubPlan", "InitPlan"):
            continue
        found += nodes(child, subplans=subplans)
    return found


def shape(node: dict) -> list[tuple]:
    """What the plan does to produce its rows, without costs: node types with the relation
    or index they read. Subplans (the referral lists' permission checks, whose hash or
    index strategy PostgreSQL picks by the size of the permission table) are left out."""
    return [
        (n["Node Type"], n.get("Index Name") or n.get("Relation Name"))
        for n in nodes(node, subplans=False)
    ]


def assert_page_walk(node: dict, index: str) -> None:
    """A Limit on top, the rows read in order from `index`, nothing sorted on the way."""
    assert node["Node Type"] == "Limit", shape(node)
    kinds = [n["Node Type"] for n in nodes(node, subplans=False)]
    assert not SORTS.intersection(kinds), shape(node)
    assert any(n.get("Index Name") == index for n in nodes(node)), shape(node)


def clone_rows(model, source_pk, n: int, overrides: dict[str, str]) -> None:
    """`n` copies of one row of `model`'s own table, written in one INSERT … SELECT: enough
    rows for the planner to show what it does at scale, in a second. `overrides` maps a
    column to an SQL expression of `i` (1…n) and the source row's columns."""
    table = model._meta.db_table
    columns = [f.column for f in model._meta.local_concrete_fields if not f.primary_key]
    if model._meta.pk.column in overrides:
        columns.insert(0, model._meta.pk.column)
    quote = connection.ops.quote_name
    select = [overrides.get(c, quote(c)) for c in columns]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"SELECT {', '.join(select)} FROM {quote(table)}, generate_series(1, %s) AS i "
            f"WHERE {quote(model._meta.pk.column)} = %s",
            [n, source_pk],
        )


def page_queries(client, url) -> tuple[int, str]:
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def clone_referrals(source, n: int, first: int) -> None:
    """`n` copies of a referral with the same guardian rows (so the same readers)."""
    from referrals.models import Referral

    number = f"({first} + i)"
    clone_rows(
        Referral,
        source.pk,
        n,
        {
            "public_id": "gen_random_uuid()",
            "reference": f"'KLON-' || {number}",
            "updated_at": f"updated_at - {number} * interval '1 minute'",
            "answer_due_at": f"answer_due_at + {number} * interval '1 minute'",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO referrals_referralgroupobjectpermission "
            "(content_object_id, group_id, permission_id) "
            "SELECT r.id, p.group_id, p.permission_id FROM referrals_referral r "
            "JOIN referrals_referralgroupobjectpermission p ON p.content_object_id = %s "
            "WHERE r.reference LIKE 'KLON-%%' AND NOT EXISTS ("
            "  SELECT 1 FROM referrals_referralgroupobjectpermission q"
            "  WHERE q.content_object_id = r.id)",
            [source.pk],
        )
        cursor.execute(
            "INSERT INTO referrals_referraluserobjectpermission "
            "(content_object_id, user_id, permission_id) "
            "SELECT r.id, p.user_id, p.permission_id FROM referrals_referral r "
            "JOIN referrals_referraluserobjectpermission p ON p.content_object_id = %s "
            "WHERE r.reference LIKE 'KLON-%%' AND NOT EXISTS ("
            "  SELECT 1 FROM referrals_referraluserobjectpermission q"
            "  WHERE q.content_object_id = r.id)",
            [source.pk],
        )
    # All three, as autovacuum keeps them: a table left with the statistics of an earlier
    # test (a handful of rows) is planned as a scan of that handful.
    analyze(
        "referrals_referral",
        "referrals_referralgroupobjectpermission",
        "referrals_referraluserobjectpermission",
    )
