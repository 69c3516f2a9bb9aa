"""Two ways to answer a search, with one request and one answer shape.

`engine` asks the search node; `database` asks the database copy of the index
(search.models.SearchEntry). search.selectors picks one per request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..facets import FACETS, facet_labels, facet_sort_key
from ..query import ParsedQuery
from ..results import (
    Facet,
    FacetOption,
    Hit,
    SearchResults,
    has_highlight,
    marked_html,
    plain_snippet,
)
from ..sources import KIND_LABELS

SORT_RELEVANCE = "relevance"
SORT_DATE = "date"
SORTS = (SORT_RELEVANCE, SORT_DATE)
# Fewer results than this holding every word of the query and "did you mean" is asked.
FEW_RESULTS = 3


@dataclass
class SearchRequest:
    query: ParsedQuery
    members: bool  # may the asking user see members-only entries?
    filters: dict[str, str] = field(default_factory=dict)  # facet name -> value
    sort: str = SORT_RELEVANCE
    page: int = 1
    page_size: int = 10

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


# The fields of an entry a result is built from (`build_hit`), asked of either backend.
RESULT_FIELDS = (
    "key",
    "content_type",
    "kind",
    "title",
    "url",
    "summary",
    "date",
    "year",
    "visibility",
    "organisation",
    "organisation_name",
)
# ... and those of an autocomplete suggestion
SUGGESTION_FIELDS = ("title", "url", "kind")


@dataclass
class RawHit:
    """What a backend found, before labels and markup."""

    source: dict  # the entry's fields (as in Entry.as_document)
    title_marked: str = ""  # title with highlight markers, "" when none
    snippet_marked: str = ""  # best fragment with highlight markers, "" when none
    score: float | None = None


def build_hit(raw: RawHit) -> Hit:
    src = raw.source
    date_value = src.get("date")
    if isinstance(date_value, str):
        from datetime import date

        date_value = date.fromisoformat(date_value[:10])
    title = src.get("title") or ""
    snippet = raw.snippet_marked if has_highlight(raw.snippet_marked) else ""
    return Hit(
        key=src["key"],
        content_type=src.get("content_type", ""),
        kind=src.get("kind", ""),
        kind_label=str(KIND_LABELS.get(src.get("kind", ""), src.get("kind", ""))),
        title=title,
        title_html=marked_html(raw.title_marked) if raw.title_marked else marked_html(title),
        url=src.get("url") or "",
        snippet_html=marked_html(snippet) if snippet else plain_snippet(src.get("summary") or ""),
        date=date_value,
        year=src.get("year"),
        organisation=src.get("organisation") or "",
        organisation_name=src.get("organisation_name") or "",
        members_only=src.get("visibility") == "members",
        score=raw.score,
    )


def build_facets(counts: dict[str, Iterable[tuple[str, int]]], filters: dict) -> list[Facet]:
    """Facets with labels; `counts` maps facet name -> (value, count) pairs."""
    materialised = {name: [(str(v), int(c)) for v, c in pairs] for name, pairs in counts.items()}
    labels = facet_labels({name: {v for v, _ in pairs} for name, pairs in materialised.items()})
    facets = []
    for definition in FACETS:
        pairs = materialised.get(definition.name, [])
        selected = filters.get(definition.name, "")
        options = [
            FacetOption(
                value=value,
                label=labels[definition.name].get(value, value),
                count=count,
                selected=value == selected,
            )
            for value, count in pairs
            if count > 0
        ]
        options.sort(key=facet_sort_key(definition.name))
        facets.append(
            Facet(
                name=definition.name,
                label=definition.label,
                options=options[: definition.size],
                selected=selected,
            )
        )
    return facets


def build_results(
    request: SearchRequest,
    *,
    backend: str,
    limited: bool,
    total: int,
    hits: list[Hit],
    counts: dict[str, Iterable[tuple[str, int]]],
    did_you_mean,
    exact_total: int | None = None,
) -> SearchResults:
    """The answer shape both backends give. `did_you_mean(request)` is asked when a real
    query found few results holding every word (`exact_total`, FEW_RESULTS), however many
    the relaxed query found."""
    results = SearchResults(
        query=request.query.text,
        backend=backend,
        limited=limited,
        total=total,
        page=request.page,
        page_size=request.page_size,
        sort=request.sort,
        filters=dict(request.filters),
        hits=hits,
        facets=build_facets(counts, request.filters),
    )
    exact = total if exact_total is None else exact_total
    if exact < FEW_RESULTS and not request.query.is_empty:
        results.suggestion = did_you_mean(request)
    return results
