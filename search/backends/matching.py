# ruff: noqa: S608, S611 - the SQL here interpolates only table names; the query text is a
# bound parameter.
"""The database fallback's match expression per dialect: a tsquery for PostgreSQL (with
synonym groups as the tokens of migration 0005), an FTS5 MATCH for SQLite. Query words are
cut to a crude stem and matched as prefixes (docs/decisions/0002-search-fallback.md)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models.expressions import RawSQL

from ..models import SearchEntry
from ..query import (
    Alternatives,
    ParsedQuery,
    SynonymGroup,
    fallback_terms,
    fold,
    light_stem,
    synonym_groups,
)
from . import postgres

TABLE = SearchEntry._meta.db_table
FTS_TABLE = "portal_search_entry_fts"


def clean_word(word: str) -> str:
    return "".join(c for c in fold(word) if c.isalnum())


def _pg_sequence(sequence: tuple[str, ...], *, stem: bool = True) -> str:
    parts = [clean_word(light_stem(w) if stem else w) for w in sequence]
    parts = [p for p in parts if p]
    return " <-> ".join(f"{p}:*" for p in parts)


def _pg_alternatives(options) -> str:
    sequences = [s for s in (_pg_sequence(o) for o in options) if s]
    return "(" + " | ".join(f"({s})" for s in sequences) + ")" if sequences else ""


@dataclass(frozen=True)
class PgSynonyms:
    """The synonym groups as the PostgreSQL copy marks them: every entry whose vector
    matches a group's query also holds the group's token, so a search asks for one lexeme
    instead of phrases that PostgreSQL can only check by reading each candidate's vector
    from TOAST (search/migrations/0005_synonym_tokens.py)."""

    tokens: dict[SynonymGroup, str]
    queries: dict[str, str]  # token -> tsquery text
    version: str  # changes with any group's query


@lru_cache(maxsize=1)
def pg_synonyms() -> PgSynonyms:
    tokens, queries = {}, {}
    letters = str.maketrans("0123456789", "ghijklmnop")  # a plain word to the parser
    for group in synonym_groups():
        query = _pg_alternatives(group.members)
        if query:
            token = "zsyn" + hashlib.sha256(query.encode()).hexdigest()[:16].translate(letters)
            tokens[group] = token
            queries[token] = query
    version = hashlib.sha256("\n".join(sorted(queries.values())).encode()).hexdigest()
    return PgSynonyms(tokens=tokens, queries=queries, version=version)


def pg_tsquery(
    positions: list[Alternatives],
    phrases: list[tuple[str, ...]],
    synonyms: PgSynonyms | None = None,
) -> str:
    """The tsquery text; with `synonyms`, a synonym group is asked for by its token."""
    clauses = []
    for position in positions:
        if synonyms is not None and position.group in synonyms.tokens:
            clauses.append(synonyms.tokens[position.group])
            continue
        alternatives = _pg_alternatives(position.options)
        if alternatives:
            clauses.append(alternatives)
    for phrase in phrases:
        sequence = _pg_sequence(tuple(fold(w) for w in phrase))
        if sequence:
            clauses.append(f"({sequence})")
    return " & ".join(clauses)


def _fts_sequence(sequence: tuple[str, ...]) -> str:
    parts = [clean_word(light_stem(w)) for w in sequence]
    return " + ".join(f'"{p}"*' for p in parts if p)


def _fts_query(positions: list[Alternatives], phrases: list[tuple[str, ...]]) -> str:
    clauses = []
    for position in positions:
        options = [s for s in (_fts_sequence(o) for o in position.options) if s]
        if options:
            clauses.append("(" + " OR ".join(options) + ")")
    for phrase in phrases:
        sequence = _fts_sequence(tuple(fold(w) for w in phrase))
        if sequence:
            clauses.append(f"({sequence})")
    return " AND ".join(clauses)


@dataclass
class TextMatch:
    where: str
    params: list
    rank: RawSQL | None  # SQLite only
    rank_descending: bool
    expression: str  # the tsquery or FTS5 query


def text_match(parsed: ParsedQuery) -> TextMatch | None:
    positions = fallback_terms(parsed)
    phrases = list(parsed.phrases)
    if connection.vendor == "postgresql":
        tsquery = pg_tsquery(positions, phrases)
        if not tsquery:
            return None
        # PostgreSQL ranks in search/backends/postgres.py; this clause serves ORM reads
        return TextMatch(
            where=(
                f"id IN (SELECT entry_id FROM {postgres.MATCH} "
                "WHERE document @@ to_tsquery('portal_cs', %s))"
            ),
            params=[tsquery],
            rank=None,
            rank_descending=True,
            expression=tsquery,
        )
    fts = _fts_query(positions, phrases)
    if not fts:
        return None
    return TextMatch(
        where=f"id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
        params=[fts],
        # bm25 weights: title, summary, meta, body, attachments; lower is better
        rank=RawSQL(
            f"(SELECT bm25({FTS_TABLE}, 10.0, 4.0, 2.0, 1.5, 0.6) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid = {TABLE}.id)",
            [fts],
        ),
        rank_descending=False,
        expression=fts,
    )


# --- relaxation (PostgreSQL) ------------------------------------------------------------
# The same intent as the engine's RELAXED_MATCH: every word first, then all but one of
# three or four positions, all but two of five or six, half of more; a query whose
# positions all find nothing together tries any one of them.


def required_positions(count: int) -> int:
    """How many of `count` query positions a relaxed match must hold."""
    if count <= 2:
        return count
    if count <= 4:
        return count - 1
    if count <= 6:
        return count - 2
    return max(1, count // 2)


# Combinations beyond this many are not spelled out (a query of 12 words keeps half).
MAX_COMBINATIONS = 64


@dataclass
class PgPlan:
    """The tsqueries of one search on PostgreSQL."""

    strict: str  # every position and phrase (match table, synonym tokens when filled)
    relaxed: str  # enough positions (RELAXED), equal to strict for one or two words
    loose: str  # any position
    positions: list[str]  # one tsquery per position (match table)
    head_any: str  # any position, synonyms spelled out (the head table has no tokens)
    pairs: list[str]  # neighbouring positions next to each other (proximity)

    @property
    def relaxes(self) -> bool:
        return self.relaxed != self.strict


def pg_plan(
    positions: list[Alternatives],
    phrases: list[tuple[str, ...]],
    synonyms: PgSynonyms | None,
) -> PgPlan | None:
    def clause(position: Alternatives, tokens: PgSynonyms | None) -> str:
        if tokens is not None and position.group in tokens.tokens:
            return tokens.tokens[position.group]
        return _pg_alternatives(position.options)

    per_position = [c for c in (clause(p, synonyms) for p in positions) if c]
    spelled = [c for c in (clause(p, None) for p in positions) if c]
    phrase_clauses = [
        f"({s})" for s in (_pg_sequence(tuple(fold(w) for w in phrase)) for phrase in phrases) if s
    ]
    strict = " & ".join(per_position + phrase_clauses)
    if not strict:
        return None
    need = required_positions(len(per_position))
    if per_position and need < len(per_position):
        from itertools import combinations, islice

        combos = list(islice(combinations(per_position, need), MAX_COMBINATIONS))
        relaxed = " | ".join("(" + " & ".join(combo) + ")" for combo in combos)
        if phrase_clauses:
            relaxed = "(" + relaxed + ") & " + " & ".join(phrase_clauses)
    else:
        relaxed = strict
    loose_parts = per_position or phrase_clauses
    loose = " | ".join(loose_parts)
    if phrase_clauses and per_position:
        loose = "(" + loose + ") & " + " & ".join(phrase_clauses)
    pairs = []
    for first, second in zip(positions, positions[1:], strict=False):
        left, right = _pg_sequence(first.words), _pg_sequence(second.words)
        if left and right:
            pairs.append(f"({left}) <-> ({right})")
    return PgPlan(
        strict=strict,
        relaxed=relaxed,
        loose=loose,
        positions=per_position,
        head_any=" | ".join(spelled + phrase_clauses),
        pairs=pairs,
    )


def plan_highlight(plan: PgPlan) -> str:
    """The tsquery whose words a snippet highlights: any position, spelled out."""
    return plan.head_any
