# ruff: noqa: S608, S610 - the SQL here interpolates only the search tables' names; every
# value (query text, ids, markers) is a bound parameter.
"""Searching the database copy of the index when the engine is absent or down.

PostgreSQL: full text with the `portal_cs` configuration (unaccent + simple) on a weighted
tsvector; SQLite: FTS5 with diacritics removed. Neither has a Czech stemmer, so query words
are cut to a crude stem and matched as prefixes (docs/decisions/0002-search-fallback.md);
there is no typo tolerance beyond the "did you mean" suggestion. The answer has the same
shape and the same visibility rule as the engine's.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, QuerySet

from core.cache import content_cached, current_version

from ..models import SearchEntry, SearchEntryFacet
from ..query import (
    STOP_WORDS,
    Alternatives,
    fallback_terms,
    fold,
    light_stem,
    parse_query,
    words,
)
from ..results import HIGHLIGHT_END, HIGHLIGHT_START, SearchResults, Suggestion, best_passage
from ..sources import KIND_LABELS
from . import (
    FEW_RESULTS,
    RESULT_FIELDS,
    SORT_DATE,
    SUGGESTION_FIELDS,
    RawHit,
    SearchRequest,
    build_hit,
    build_results,
    postgres,
)
from .matching import (
    FTS_TABLE,
    TABLE,
    TextMatch,
    clean_word,
    pg_plan,
    pg_synonyms,
    plan_highlight,
    text_match,
)

NAME = "database"
# the row's id joins a page of rows to its highlights
ROW_FIELDS = ("id", *RESULT_FIELDS)


def _vendor() -> str:
    return connection.vendor


# --- the search ---------------------------------------------------------------------------


def _filtered(members: bool, filters: dict[str, str]) -> QuerySet[SearchEntry]:
    qs = SearchEntry.objects.all()
    if not members:
        qs = qs.filter(visibility="public")
    for name, value in filters.items():
        qs = qs.filter(
            id__in=SearchEntryFacet.objects.filter(facet=name, value=value).values("entry_id")
        )
    return qs


def _highlights(ids: list[int], match: TextMatch) -> dict[int, tuple[str, str]]:
    """id -> (marked title, marked snippet) for one page of results."""
    if not ids:
        return {}
    out: dict[int, tuple[str, str]] = {}
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            options = (
                f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", '
                "MaxWords=30, MinWords=12, MaxFragments=1"
            )
            title_options = f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", '
            title_options += "HighlightAll=true"
            # each field's best fragment; the passage holding most of the query wins
            cursor.execute(
                f"""
                SELECT id,
                  ts_headline('portal_cs', title, q, %s),
                  ts_headline('portal_cs', summary, q, %s),
                  ts_headline('portal_cs', body, q, %s),
                  ts_headline('portal_cs', left(attachments, 20000), q, %s)
                FROM {TABLE}, to_tsquery('portal_cs', %s) AS q
                WHERE id = ANY(%s)
                """,
                [title_options, options, options, options, match.expression, ids],
            )
            for row_id, title, *passages in cursor.fetchall():
                out[row_id] = (title, best_passage(passages))
        else:
            marks = [HIGHLIGHT_START, HIGHLIGHT_END]
            placeholders = ", ".join("%s" for _ in ids)
            cursor.execute(
                f"""
                SELECT rowid,
                  highlight({FTS_TABLE}, 0, %s, %s),
                  snippet({FTS_TABLE}, 1, %s, %s, '…', 30),
                  snippet({FTS_TABLE}, 3, %s, %s, '…', 30),
                  snippet({FTS_TABLE}, 4, %s, %s, '…', 30)
                FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})
                """,
                [*marks * 4, match.expression, *ids],
            )
            for row_id, title, *snippets in cursor.fetchall():
                out[row_id] = (title, best_passage(snippets))
    return out


def facet_counts(qs: QuerySet[SearchEntry]) -> dict[str, list[tuple[str, int]]]:
    rows = (
        SearchEntryFacet.objects.filter(entry_id__in=qs.values("id"))
        .values_list("facet", "value")
        .annotate(n=Count("entry_id", distinct=True))
        .order_by()
    )
    counts: dict[str, list[tuple[str, int]]] = {}
    for facet, value, n in rows:
        counts.setdefault(facet, []).append((value, n))
    return counts


def _scope(members: bool, filters: dict[str, str] | None = None) -> postgres.Scope:
    return postgres.Scope(members=members, filters=tuple(sorted((filters or {}).items())))


def _rows_in_order(ids: list[int]) -> list[dict]:
    rows = {r["id"]: r for r in SearchEntry.objects.filter(id__in=ids).values(*ROW_FIELDS)}
    return [rows[i] for i in ids if i in rows]


def _answer(
    request: SearchRequest,
    match: TextMatch | None,
    total,
    counts,
    rows,
    exact_total: int | None = None,
):
    highlights = _highlights([r["id"] for r in rows], match) if match else {}
    hits = []
    for row in rows:
        title, snippet = highlights.get(row["id"], ("", ""))
        hits.append(build_hit(RawHit(source=row, title_marked=title, snippet_marked=snippet)))
    return build_results(
        request,
        backend=NAME,
        limited=True,
        total=total,
        hits=hits,
        counts=counts,
        did_you_mean=did_you_mean,
        exact_total=exact_total,
    )


def search(request: SearchRequest) -> SearchResults:
    if _vendor() == "postgresql":
        return _search_postgres(request)
    return _search_sqlite(request)


def _pg_synonyms_filled():
    """The synonym tokens, when every entry was filled with this glossary (else None:
    groups are spelled out as phrases, which find the same, slower)."""
    synonyms = pg_synonyms()
    return synonyms if postgres.synonyms_version() == synonyms.version else None


def _search_postgres(request: SearchRequest) -> SearchResults:
    if request.query.is_empty:
        found = postgres.search(
            _scope(request.members, request.filters),
            None,
            by_date=True,
            offset=request.offset,
            limit=request.page_size,
        )
        return _answer(request, None, found.total, found.counts, _rows_in_order(found.ids))
    positions = with_typo_alternatives(fallback_terms(request.query), request.members)
    phrases = list(request.query.phrases)
    plan = pg_plan(positions, phrases, _pg_synonyms_filled())
    if plan is None:  # only stop words: nothing to find
        return _answer(request, None, 0, {}, [])
    found = postgres.search_relevant(
        _scope(request.members, request.filters),
        plan,
        by_date=request.sort == SORT_DATE,
        offset=request.offset,
        limit=request.page_size,
        few=FEW_RESULTS,
    )
    # highlight every word the results may hold, not only those all of them hold
    highlight = TextMatch(
        where="", params=[], rank=None, rank_descending=True, expression=plan_highlight(plan)
    )
    return _answer(
        request,
        highlight,
        found.total,
        found.counts,
        _rows_in_order(found.ids),
        exact_total=found.exact_total,
    )


def _search_sqlite(request: SearchRequest) -> SearchResults:
    qs = _filtered(request.members, request.filters)
    match = None
    if not request.query.is_empty:
        match = text_match(request.query)
        # only words that are all stop words give no match expression: nothing to find
        qs = qs.none() if match is None else qs.extra(where=[match.where], params=match.params)
    total = qs.count()
    counts = facet_counts(qs) if total else {}

    # the same order as the engine's: an item's own year, then its date
    newest = [F("year").desc(nulls_last=True), F("date").desc(nulls_last=True)]
    if match is not None and request.sort != SORT_DATE:
        rank = "-rank" if match.rank_descending else "rank"
        ordered = qs.annotate(rank=match.rank).order_by(rank, *newest, "key")
    else:
        ordered = qs.order_by(*newest, "key")
    rows = list(ordered.values(*ROW_FIELDS)[request.offset : request.offset + request.page_size])
    return _answer(request, match, total, counts, rows)


def did_you_mean(request: SearchRequest) -> str:
    """The closest title words this user may see, if the corrected query finds anything."""
    tokens = words(request.query.text)
    if not tokens:
        return ""
    vocabulary = _vocabulary(request.members)
    corrected = request.query.text
    changed = False
    for token in tokens:
        folded = fold(token)
        if len(folded) < 3 or folded in STOP_WORDS or vocabulary.knows(light_stem(folded)):
            continue
        close = vocabulary.closest(folded, 1)
        if close:
            corrected = corrected.replace(token, vocabulary.spelling[close[0]], 1)
            changed = True
    if not changed:
        return ""
    match = text_match(parse_query(corrected))
    if match is None:
        return ""
    if _vendor() == "postgresql":
        found = postgres.exists(_scope(request.members, request.filters), match.expression)
    else:
        qs = _filtered(request.members, request.filters)
        found = qs.extra(where=[match.where], params=match.params).exists()
    return corrected if found else ""


@dataclass(frozen=True)
class Vocabulary:
    """Folded words (3 letters or more) of what a reader may see, with their spelling,
    indexed for prefix checks and, by length, for close matches (a wrong first letter
    included)."""

    spelling: dict[str, str]
    ordered: tuple[str, ...]
    by_length: dict[int, tuple[str, ...]]

    @classmethod
    def of(cls, spelling: dict[str, str]) -> Vocabulary:
        ordered = tuple(sorted(spelling))
        by_length: dict[int, list[str]] = {}
        for word in ordered:
            by_length.setdefault(len(word), []).append(word)
        return cls(spelling, ordered, {k: tuple(v) for k, v in by_length.items()})

    def knows(self, stem: str) -> bool:
        """Whether a word starts with this stem."""
        i = bisect.bisect_left(self.ordered, stem)
        return i < len(self.ordered) and self.ordered[i].startswith(stem)

    def closest(self, word: str, n: int, cutoff: float = 0.7) -> list[str]:
        candidates = [
            w for size in range(len(word) - 2, len(word) + 3) for w in self.by_length.get(size, ())
        ]
        return difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)


def _vocabulary(members: bool) -> Vocabulary:
    """Folded words of the titles, summaries and meta (organisation, topics, stages) this
    reader may see, with their spelling. Cached with the pages: a word missing for a
    while only costs a suggestion, and every suggestion is checked against the index
    before it is made."""

    def compute() -> Vocabulary:
        vocabulary: dict[str, str] = {}
        rows = _filtered(members, {}).values_list("title", "summary", "meta")
        for title, summary, meta in rows.iterator(chunk_size=2000):
            for word in words(f"{title} {summary} {meta}"):
                if len(word) >= 3:
                    vocabulary.setdefault(fold(word), word.lower())
        return Vocabulary.of(vocabulary)

    key = f"search-vocabulary:v3:{int(members)}"
    if not settings.PORTAL_CONTENT_CACHE:
        return content_cached(key, compute)
    # kept in this process while the content version stays (a small read of the token):
    # about 52 000 words at M, which the cache hands over and unpickles in 10-25 ms
    version = current_version()
    kept = _KEPT_VOCABULARY.get(key)
    if kept is not None and kept[0] == version:
        return kept[1]
    # Read under `version` or a later one: a later one makes the next search read again.
    vocabulary = content_cached(key, compute)
    _KEPT_VOCABULARY[key] = (version, vocabulary)
    return vocabulary


# content cache key -> (content version, the vocabulary read under it or a later one)
_KEPT_VOCABULARY: dict[str, tuple[str, Vocabulary]] = {}


# Typo tolerance of the fallback: a query word no visible title, summary or meta word
# starts with also matches its closest such words (at most this many).
TYPO_ALTERNATIVES = 2


def with_typo_alternatives(positions: list[Alternatives], members: bool) -> list[Alternatives]:
    """The positions, a word unknown to the reader's vocabulary (a typo, most likely)
    widened with the closest known words ("ubytvny" also as "ubytovny")."""
    vocabulary = None
    widened = []
    for position in positions:
        word = position.words[0] if len(position.words) == 1 else ""
        if position.group is None and len(word) >= 4 and not word.isdigit():
            vocabulary = vocabulary or _vocabulary(members)
            if not vocabulary.knows(light_stem(word)):
                close = vocabulary.closest(word, TYPO_ALTERNATIVES, cutoff=0.75)
                if close:
                    options = list(position.options) + [(c,) for c in close]
                    position = Alternatives(options=options, words=position.words)
        widened.append(position)
    return widened


def autocomplete(prefix: str, *, members: bool, limit: int = 8) -> list[Suggestion]:
    prefix_words = [clean_word(w) for w in words(prefix)]
    prefix_words = [w for w in prefix_words if w]
    if not prefix_words:
        return []
    if _vendor() == "postgresql":
        tsquery = " & ".join(f"{w}:*A" for w in prefix_words)
        rows = _rows_in_order(postgres.title_prefix(_scope(members), tsquery, limit * 3))
    else:
        fts = " AND ".join(f'title : "{w}"*' for w in prefix_words)
        qs = _filtered(members, {}).extra(
            where=[f"id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"],
            params=[fts],
        )
        rows = qs.order_by(F("date").desc(nulls_last=True), "title").values(*SUGGESTION_FIELDS)
    # titles that start with the prefix first, then the others
    folded_prefix = fold(prefix).strip()
    found = sorted(rows[: limit * 3], key=lambda r: not fold(r["title"]).startswith(folded_prefix))
    return [
        Suggestion(
            title=r["title"], url=r["url"], kind_label=str(KIND_LABELS.get(r["kind"], r["kind"]))
        )
        for r in found[:limit]
    ]


def counts_by_content_type() -> dict[str, int]:
    rows = SearchEntry.objects.values_list("content_type").annotate(n=Count("id")).order_by()
    return dict(rows)
