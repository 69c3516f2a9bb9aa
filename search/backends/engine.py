"""Searching the search node through the DSL."""

from __future__ import annotations

import logging

from ..client import (
    A,
    EngineUnavailable,
    NotFound,
    Q,
    Search,
    connect,
    engine_error,
    mark_down,
    note_success,
)
from ..documents import FOLDED_FIELDS, alias_name
from ..facets import FACETS, FACETS_BY_NAME
from ..query import ParsedQuery, fold, parse_query, words
from ..results import HIGHLIGHT_END, HIGHLIGHT_START, SearchResults, Suggestion
from . import (
    RESULT_FIELDS,
    SORT_DATE,
    SUGGESTION_FIELDS,
    RawHit,
    SearchRequest,
    build_hit,
    build_results,
)

logger = logging.getLogger(__name__)

NAME = "engine"
TEXT_FIELDS = ("title", "summary", "meta", "body", "attachments")
# A title match outranks a summary match, which outranks the body and then attachments.
BOOSTS = {"title": 6.0, "summary": 2.5, "meta": 1.5, "body": 1.0, "attachments": 0.6}
# meta (names of the organisation, topics, stages) is searched but makes a poor snippet
SNIPPET_FIELDS = ("summary", "body", "attachments")


def _fields(suffix: str = "") -> list[str]:
    return [f"{name}{suffix}^{BOOSTS[name]}" for name in TEXT_FIELDS]


def _run(search: Search):
    try:
        response = search.execute()
    except NotFound as exc:
        raise EngineUnavailable("the search index does not exist yet") from exc
    except Exception as exc:
        if engine_error(exc):
            mark_down()
            raise EngineUnavailable(str(exc)) from exc
        raise
    # after a failure, the first answer is the node's recovery (the indexer catches up)
    note_success()
    return response


def _base(members: bool, filters: dict[str, str] | None = None) -> Search:
    search = Search(using=connect(), index=alias_name())
    if not members:
        search = search.filter("term", visibility="public")
    for name, value in (filters or {}).items():
        search = search.filter("term", **{FACETS_BY_NAME[name].field: value})
    return search


def text_query(parsed: ParsedQuery):
    """Stemmed (two ways) and fuzzy matching of the words; quoted phrases must match."""
    must = []
    if parsed.terms:
        text = " ".join(parsed.terms)
        must.append(
            Q(
                "bool",
                should=[
                    Q(
                        "multi_match",
                        query=text,
                        type="cross_fields",
                        operator="and",
                        fields=_fields(),
                    ),
                    Q(
                        "multi_match",
                        query=text,
                        type="cross_fields",
                        operator="and",
                        fields=_fields(".fstem"),
                    ),
                    # typo tolerance: folded words within an edit or two, ranked lower
                    Q(
                        "match",
                        all={
                            "query": text,
                            "operator": "and",
                            "fuzziness": "AUTO",
                            "prefix_length": 1,
                            "boost": 0.3,
                        },
                    ),
                ],
                minimum_should_match=1,
            )
        )
    for phrase in parsed.phrases:
        must.append(
            Q("multi_match", query=" ".join(phrase), type="phrase", fields=_fields(".fstem"))
        )
    all_words = " ".join(parsed.all_words())
    should = [
        # the words together in the title, in this order, lift an item further
        Q("match_phrase", **{"title.fstem": {"query": all_words, "slop": 2, "boost": 4}}),
        Q("match", **{"title.fstem": {"query": all_words, "operator": "and", "boost": 2}}),
    ]
    return Q("bool", must=must, should=should)


def _highlighted(search: Search) -> Search:
    search = search.highlight_options(
        type="unified",
        pre_tags=[HIGHLIGHT_START],
        post_tags=[HIGHLIGHT_END],
        require_field_match=False,
        fragment_size=200,
        number_of_fragments=1,
        no_match_size=0,
    )
    for name in ("title", *SNIPPET_FIELDS):
        options = {"number_of_fragments": 0} if name == "title" else {}
        for suffix in _suffixes(name):
            search = search.highlight(f"{name}{suffix}", **options)
    return search


def _suffixes(name: str) -> tuple[str, ...]:
    """The sub-fields a field is highlighted in (see documents.FOLDED_FIELDS)."""
    return ("", ".fstem", ".folded") if name in FOLDED_FIELDS else ("", ".fstem")


def _first_fragment(highlight, names) -> str:
    for name in names:
        for suffix in _suffixes(name):
            fragments = getattr(highlight, f"{name}{suffix}", None) if highlight else None
            if fragments:
                return fragments[0]
    return ""


def search(request: SearchRequest) -> SearchResults:
    search_ = _base(request.members, request.filters).source(list(RESULT_FIELDS))
    if not request.query.is_empty:
        search_ = search_.query(text_query(request.query))
        search_ = _highlighted(search_)
    newest = [
        # a library item's own year first (a 2016 methodology published last week is not
        # new), then the publication or event date
        {"year": {"order": "desc", "missing": "_last"}},
        {"date": {"order": "desc", "missing": "_last"}},
    ]
    if request.sort == SORT_DATE or request.query.is_empty:
        search_ = search_.sort(*newest, "_score", "key")
    else:
        search_ = search_.sort("_score", *newest, "key")
    for definition in FACETS:
        search_.aggs.bucket(
            definition.name, A("terms", field=definition.field, size=definition.size)
        )
    search_ = search_.extra(track_total_hits=True)
    search_ = search_[request.offset : request.offset + request.page_size]
    response = _run(search_)

    hits = []
    for hit in response.hits:
        highlight = getattr(hit.meta, "highlight", None)
        hits.append(
            build_hit(
                RawHit(
                    source=hit.to_dict(),
                    title_marked=_first_fragment(highlight, ["title"]),
                    snippet_marked=_first_fragment(highlight, SNIPPET_FIELDS),
                    score=hit.meta.score,
                )
            )
        )
    counts = {
        definition.name: [
            (str(bucket.key), bucket.doc_count)
            for bucket in getattr(response.aggregations, definition.name).buckets
        ]
        for definition in FACETS
    }
    total = response.hits.total.value
    return build_results(
        request,
        backend=NAME,
        limited=False,
        total=total,
        hits=hits,
        counts=counts,
        did_you_mean=did_you_mean,
    )


def did_you_mean(request: SearchRequest) -> str:
    """A corrected query from the index's own words, offered only if it finds something
    this user may see (so a members-only word never leaks to others)."""
    original = request.query.text
    tokens = words(original)
    if not tokens:
        return ""
    text = " ".join(tokens)
    options = {
        "suggest_mode": "always",
        "min_word_length": 3,
        "max_edits": 2,
        # typo tolerance already forgives later letters; a wrong first letter is what
        # usually leaves a search empty
        "prefix_length": 0,
        "sort": "score",
    }
    suggest = (
        Search(using=connect(), index=alias_name())
        .extra(size=0)
        .suggest("spell", text, term={"field": "spell", **options})
        # folded words catch a typo plus missing diacritics ("dplatkovy" -> "splatkovy")
        .suggest("folded", text, term={"field": "spell.folded", **options})
    )
    response = _run(suggest)
    replacements: dict[str, str] = {}
    for name in ("folded", "spell"):  # accented suggestions win
        for entry in getattr(response.suggest, name):
            if entry.options:
                replacements[entry.text] = entry.options[0].text
    if not replacements:
        return ""
    corrected = original
    for token in tokens:
        replacement = replacements.get(token.lower()) or replacements.get(fold(token))
        if replacement and replacement != token.lower():
            corrected = corrected.replace(token, replacement, 1)
    if corrected == original:
        return ""
    check = _base(request.members, request.filters).query(text_query(parse_query(corrected)))
    check = check.extra(size=0, track_total_hits=True)
    return corrected if _run(check).hits.total.value else ""


def autocomplete(prefix: str, *, members: bool, limit: int = 8) -> list[Suggestion]:
    from ..sources import KIND_LABELS

    query = Q(
        "bool",
        must=[Q("match", **{"title.autocomplete": {"query": prefix, "operator": "and"}})],
        should=[
            Q("match_phrase_prefix", **{"title.folded": {"query": prefix, "boost": 2}}),
            Q("match", **{"title": {"query": prefix, "boost": 1}}),
        ],
    )
    search_ = _base(members).query(query).source(list(SUGGESTION_FIELDS))[:limit]
    response = _run(search_)
    return [
        Suggestion(
            title=hit.title, url=hit.url, kind_label=str(KIND_LABELS.get(hit.kind, hit.kind))
        )
        for hit in response.hits
    ]


def counts_by_content_type() -> dict[str, int]:
    search_ = Search(using=connect(), index=alias_name()).extra(size=0, track_total_hits=True)
    search_.aggs.bucket("types", A("terms", field="content_type", size=50))
    response = _run(search_)
    return {bucket.key: bucket.doc_count for bucket in response.aggregations.types.buckets}
