# ruff: noqa: S608 - the SQL here interpolates only this module's table names and clauses
# built from constants; every value (query text, ids, filter values) is a bound parameter.
"""The database fallback's reads on PostgreSQL, over the narrow tables of migration
`search/migrations/0004_match_tables.py`.

Cost per search is bounded by what a match costs to read, and a common word matches most
entries, so:

- matching, counting and faceting read `portal_search_match` (about 130 bytes an entry;
  the full vector stays in TOAST and only its GIN index is read);
- the total and the facet counts come from one pass; when the planner expects a search
  to match most of what the reader may see (and no filter is set), that pass goes over
  the entries that do *not* match, and subtracts from the counters the triggers keep
  (`portal_search_facet_total`);
- ranking reads the small title and summary vector (`portal_search_head`) of the entries
  whose title or summary hold every word, best first (`ts_rank`, weights as before);
  after them come the entries that match elsewhere (meta, body, attachments), newest
  first.

The planner prices `@@` on a vector in TOAST as if it were inline, so for a common word it
prefers reading every row and its vector (ten times slower than the index); these
statements run with sequential scans switched off. They are also planned for their own
words every time (`plan_cache_mode`): the portal's connections prepare a statement run
five times (portal.settings, `prepare_threshold`), and PostgreSQL then may keep one plan
for any words, which for these statements is the plan of no word in particular (at M the
ranking statement took 257–278 ms a search on kept plans, 74–81 planned each time).
"""

from __future__ import annotations

import math
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.db import DatabaseError, connection

from ..models import SearchEntryFacet

MATCH = "portal_search_match"
HEAD = "portal_search_head"
VALUES = "portal_search_facet_value"
TOTALS = "portal_search_facet_total"
STATE = "portal_search_state"
FACET_ROWS = SearchEntryFacet._meta.db_table
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D (attachments), C (meta, body), B (summary), A (title)
NEWEST = "t.year DESC NULLS LAST, t.date DESC NULLS LAST, t.entry_id"


@dataclass(frozen=True)
class Scope:
    """Who reads and which filters hold, as a condition on a narrow table aliased `t`."""

    members: bool
    filters: tuple[tuple[str, str], ...]

    @property
    def sql(self) -> str:
        clauses = [] if self.members else ["t.public"]
        clauses += [
            f"t.entry_id IN (SELECT entry_id FROM {FACET_ROWS} WHERE facet = %s AND value = %s)"
        ] * len(self.filters)
        return " AND ".join(clauses) or "TRUE"

    @property
    def params(self) -> list:
        return [part for pair in self.filters for part in pair]

    def matching(self, tsquery: str | None, column: str = "document") -> tuple[str, list]:
        """The condition (and its parameters) for entries in scope whose `column` vector
        matches `tsquery` (None: every entry in scope)."""
        if tsquery is None:
            return self.sql, self.params
        return (
            f"t.{column} @@ to_tsquery('portal_cs', %s) AND {self.sql}",
            [tsquery, *self.params],
        )


@dataclass
class Found:
    total: int
    counts: dict[str, list[tuple[str, int]]]
    ids: list[int]  # the requested page, in order


# What these statements run with (the module's docstring says why); the connection gets
# its own values back after them.
SESSION_SETTINGS = {"enable_seqscan": "off", "plan_cache_mode": "force_custom_plan"}


@contextmanager
def _cursor():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(name, value, false) FROM unnest(%s::text[], %s::text[])"
            " AS s(name, value)",
            [list(SESSION_SETTINGS), list(SESSION_SETTINGS.values())],
        )
        try:
            yield cursor
        finally:
            # fails only inside a failed transaction, whose rollback undoes the settings too
            with suppress(DatabaseError):
                cursor.execute(
                    "SELECT set_config(name, reset_val, false) FROM pg_settings"
                    " WHERE name = ANY(%s)",
                    [list(SESSION_SETTINGS)],
                )


def search(
    scope: Scope,
    tsquery: str | None,
    *,
    head_tsquery: str | None = None,
    by_date: bool,
    offset: int,
    limit: int,
) -> Found:
    """Total, facet counts and one page of entry ids for a tsquery (None: everything).
    `head_tsquery` ranks (the same query with synonyms spelled out, not as tokens)."""
    with _cursor() as cursor:
        if tsquery is None:
            total, counts = _everything_counted(cursor, scope)
            ids = _newest(cursor, scope, None, offset, limit) if total else []
            return Found(total, counts, ids)
        total, counts = _counted(cursor, scope, tsquery)
        if not total:
            return Found(0, {}, [])
        if by_date:
            ids = _newest(cursor, scope, tsquery, offset, limit)
        else:
            ids = _ranked(cursor, scope, tsquery, head_tsquery or tsquery, offset, limit)
        return Found(total, counts, ids)


def exists(scope: Scope, tsquery: str) -> bool:
    where, params = scope.matching(tsquery)
    with _cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {MATCH} t WHERE {where})", params)
        return cursor.fetchone()[0]


def title_prefix(scope: Scope, tsquery: str, limit: int) -> list[int]:
    """Newest entries whose title matches (`tsquery` restricts its words to weight A)."""
    where, params = scope.matching(tsquery, "head")
    with _cursor() as cursor:
        cursor.execute(
            f"SELECT t.entry_id FROM {HEAD} t WHERE {where} "
            f"ORDER BY t.date DESC NULLS LAST, t.entry_id LIMIT %s",
            [*params, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def synonyms_version() -> str | None:
    """The synonym file every entry was filled with (search.backends.matching.PgSynonyms);
    None until a full rebuild of the copy, or after a change of the file."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT synonyms FROM {STATE}")
        row = cursor.fetchone()
    return row[0] if row else None


def set_synonyms_version(version: str | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {STATE} SET synonyms = %s", [version])


# --- the parts -------------------------------------------------------------------------


def _labelled(cursor, counted: dict[int, int]) -> dict[str, list[tuple[str, int]]]:
    """facet value id -> count, as facet name -> [(value, count)]; zero counts left out."""
    ids = [value_id for value_id, n in counted.items() if value_id and n > 0]
    if not ids:
        return {}
    cursor.execute(f"SELECT id, facet, value FROM {VALUES} WHERE id = ANY(%s)", [ids])
    counts: dict[str, list[tuple[str, int]]] = {}
    for value_id, facet, value in cursor.fetchall():
        counts.setdefault(facet, []).append((value, counted[value_id]))
    return counts


def _totals(cursor, members: bool) -> dict[int, int]:
    """What the counters say: facet value id -> entries the reader may see (0: all)."""
    cursor.execute(
        f"SELECT value_id, sum(entries)::integer FROM {TOTALS} "
        "WHERE public OR %s GROUP BY value_id",
        [members],
    )
    return dict(cursor.fetchall())


def _facet_pass(cursor, where: str, params: list, join: str = "") -> dict[int, int]:
    """Facet value id -> entries of the match table (aliased `t`, with `join`) meeting
    `where`; value 0 counts the entries themselves."""
    cursor.execute(
        f"SELECT f, count(*)::integer FROM (SELECT unnest(t.facets || 0) AS f FROM {MATCH} t "
        f"{join} WHERE {where}) AS s GROUP BY f",
        params,
    )
    return dict(cursor.fetchall())


def _everything_counted(cursor, scope: Scope) -> tuple[int, dict]:
    if scope.filters:
        counted = _facet_pass(cursor, *scope.matching(None))
    else:
        counted = _totals(cursor, scope.members)
    return counted.get(0, 0), _labelled(cursor, counted)


# A search that matches more than this share of what the reader may see counts the
# facets of the entries that do not match (measured at 50 000 entries: counting a match
# costs about twice what excluding one does).
COMPLEMENT_SHARE = 0.7


def _estimate(cursor, scope: Scope, tsquery: str) -> int:
    """The planner's estimate of the matches (from the vector's lexeme statistics)."""
    where, params = scope.matching(tsquery)
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {MATCH} t WHERE {where}", params)
    plan = cursor.fetchone()[0]  # the driver decodes json
    return int(plan[0]["Plan"]["Plan Rows"])


def _counted(cursor, scope: Scope, tsquery: str) -> tuple[int, dict]:
    """The total and the facet counts of the matches, in one pass (value 0 counts
    entries): over the matches, or, when most entries match, over the others."""
    if not scope.filters:
        totals = _totals(cursor, scope.members)
        visible = totals.get(0, 0)
        if _estimate(cursor, scope, tsquery) > COMPLEMENT_SHARE * visible:
            # an anti-join against the matches' ids (a hash of them, read from the index)
            hits = (
                f"LEFT JOIN (SELECT entry_id FROM {MATCH}"
                " WHERE document @@ to_tsquery('portal_cs', %s)) AS hit"
                " ON hit.entry_id = t.entry_id"
            )
            unmatched = _facet_pass(
                cursor, f"hit.entry_id IS NULL AND {scope.sql}", [tsquery, *scope.params], hits
            )
            counted = {i: n - unmatched.get(i, 0) for i, n in totals.items()}
            return counted.get(0, 0), _labelled(cursor, counted)
    counted = _facet_pass(cursor, *scope.matching(tsquery))
    return counted.get(0, 0), _labelled(cursor, counted)


def _newest(cursor, scope: Scope, tsquery: str | None, offset: int, limit: int) -> list[int]:
    where, params = scope.matching(tsquery)
    cursor.execute(
        f"SELECT t.entry_id FROM {MATCH} t WHERE {where} ORDER BY {NEWEST} LIMIT %s OFFSET %s",
        [*params, limit, offset],
    )
    return [row[0] for row in cursor.fetchall()]


def _ranked(
    cursor, scope: Scope, tsquery: str, head_tsquery: str, offset: int, limit: int
) -> list[int]:
    wanted = offset + limit
    where, params = scope.matching(head_tsquery, "head")
    cursor.execute(
        f"SELECT t.entry_id FROM {HEAD} t WHERE {where} "
        f"ORDER BY ts_rank('{RANK_WEIGHTS}', t.head, to_tsquery('portal_cs', %s)) DESC, "
        f"{NEWEST} LIMIT %s",
        [*params, head_tsquery, wanted],
    )
    # every entry matching in its head is in the ranked ids; after them come the entries
    # that match only in the body, newest first
    return _then_newest(
        cursor, scope, tsquery, [row[0] for row in cursor.fetchall()], offset, wanted
    )


def _then_newest(
    cursor, scope: Scope, tsquery: str, ranked: list[int], offset: int, wanted: int
) -> list[int]:
    """The page [offset:wanted] of the `ranked` ids, filled past their end with the other
    entries matching `tsquery`, newest first."""
    page = ranked[offset:wanted]
    if len(ranked) < wanted:
        where, params = scope.matching(tsquery)
        cursor.execute(
            f"SELECT t.entry_id FROM {MATCH} t WHERE {where} "
            f"AND t.entry_id <> ALL(%s) ORDER BY {NEWEST} LIMIT %s OFFSET %s",
            [*params, ranked, wanted - max(len(ranked), offset), max(0, offset - len(ranked))],
        )
        page += [row[0] for row in cursor.fetchall()]
    return page


# --- relevance: every word first, then most of them -----------------------------------

# Entries ranked per search at most: the best of the head (title and summary) and the
# newest of the rest; the others follow, newest first. Ranking reads each candidate's
# full vector (TOAST), so this bounds a search's cost on a large copy.
RANK_CANDIDATES = 300
# The score of a candidate: the share of the query's information it holds (positions
# weighted by rarity) counts most, then where the words are (ts_rank, title first) and
# neighbouring query words next to each other.
SHARE_WEIGHT = 3.0
HEAD_WEIGHT = 1.5
PAIR_WEIGHT = 0.3


# A position's rarity counts its matches up to this many; more is simply common.
RARITY_CAP = 1000


def _matches_each(cursor, scope: Scope, tsqueries: list[str]) -> list[int]:
    """The entries each tsquery matches (at least one, at most RARITY_CAP): exact and
    cheap, unlike the planner's estimate, which needs fresh statistics."""
    return [max(1, _capped_count(cursor, scope, q, RARITY_CAP)) for q in tsqueries]


def _capped_count(cursor, scope: Scope, tsquery: str, cap: int) -> int:
    where, params = scope.matching(tsquery)
    cursor.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {MATCH} t WHERE {where} LIMIT %s) AS s",
        [*params, cap],
    )
    return cursor.fetchone()[0]


@dataclass
class Relevant(Found):
    exact_total: int = 0  # entries holding every word (capped at `few`)


def search_relevant(
    scope: Scope, plan, *, by_date: bool, offset: int, limit: int, few: int
) -> Relevant:
    """Total, facet counts and a page of ids for a PgPlan (search.backends.matching): the
    entries with enough of the words (all of one or two), or with any of them when those
    are none; ranked by how much of the query they hold."""
    with _cursor() as cursor:
        used = plan.relaxed
        total, counts = _counted(cursor, scope, used)
        exact = _capped_count(cursor, scope, plan.strict, few) if plan.relaxes else total
        if not total and len(plan.positions) > 1:
            used = plan.loose
            total, counts = _counted(cursor, scope, used)
        if not total:
            return Relevant(0, {}, [], exact_total=0)
        if by_date:
            ids = _newest(cursor, scope, used, offset, limit)
        else:
            ids = _ranked_relevance(cursor, scope, plan, used, offset, limit)
        return Relevant(total, counts, ids, exact_total=min(exact, total))


def _ranked_relevance(cursor, scope: Scope, plan, used: str, offset: int, limit: int):
    wanted = offset + limit
    if len(plan.positions) > 1:
        counts = _matches_each(cursor, scope, plan.positions)
    else:  # one position: every candidate holds it
        counts = [1] * len(plan.positions)
    rarity = [1.0 / (1.0 + math.log(n)) for n in counts]
    share_terms = (
        " + ".join("%s * (t.document @@ to_tsquery('portal_cs', %s))::int" for _ in plan.positions)
        or "1"  # quoted phrases only: every result holds them all
    )
    share_params = [p for w, q in zip(rarity, plan.positions, strict=True) for p in (w, q)]
    pair_terms = (
        " + ".join("(t.document @@ to_tsquery('portal_cs', %s))::int" for _ in plan.pairs) or "0"
    )
    head_where, head_params = scope.matching(plan.head_any, "head")
    match_where, match_params = scope.matching(used)
    # The candidates are read by their ids (`= ANY` of an array the statement computes
    # first): joined to them, the planner expected a few hundred matches of a common word
    # where there are tens of thousands and merged the candidates with every match in key
    # order, reading each one's full vector from TOAST (300 of the 400 ms of a search at M).
    cursor.execute(
        f"""
        WITH candidates AS (
          (SELECT t.entry_id FROM {HEAD} t WHERE {head_where}
           ORDER BY ts_rank('{RANK_WEIGHTS}', t.head, to_tsquery('portal_cs', %s)) DESC,
             t.entry_id
           LIMIT %s)
          UNION
          (SELECT t.entry_id FROM {MATCH} t WHERE {match_where} ORDER BY {NEWEST} LIMIT %s)
        )
        SELECT t.entry_id FROM {MATCH} t JOIN {HEAD} h ON h.entry_id = t.entry_id
        WHERE t.entry_id = ANY(ARRAY(SELECT entry_id FROM candidates))
          AND t.document @@ to_tsquery('portal_cs', %s)
        ORDER BY
          %s * ({share_terms}) / %s
          + ts_rank('{RANK_WEIGHTS}', t.document, to_tsquery('portal_cs', %s))
          + %s * ts_rank('{RANK_WEIGHTS}', h.head, to_tsquery('portal_cs', %s))
          + %s * ({pair_terms}) DESC,
          {NEWEST}
        LIMIT %s
        """,
        [
            *head_params,
            plan.head_any,
            RANK_CANDIDATES,
            *match_params,
            RANK_CANDIDATES,
            used,
            SHARE_WEIGHT,
            *share_params,
            sum(rarity) or 1.0,
            plan.head_any,
            HEAD_WEIGHT,
            plan.head_any,
            PAIR_WEIGHT,
            *plan.pairs,
            wanted,
        ],
    )
    # past the ranked candidates: the other matches, newest first
    return _then_newest(cursor, scope, used, [row[0] for row in cursor.fetchall()], offset, wanted)
