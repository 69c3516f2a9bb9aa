"""Searching the search node through the DSL."""

from __future__ import annotations

import logging

from ..client import (
    A,
    EngineUnavailable,
    MultiSearch,
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
from ..query import ParsedQuery, content_terms, fold, parse_query, words
from ..results import HIGHLIGHT_END, HIGHLIGHT_START, SearchResults, Suggestion, best_passage
from . import (
    FEW_RESULTS,
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
# A title match outranks a summary match, which outranks the body and then attachments
# (tuned on the tuning part of tests/search/relevance_hard_cs.json).
BOOSTS = {"title": 6.0, "summary": 2.5, "meta": 1.5, "body": 1.0, "attachments": 0.6}
# meta (names of the organisation, topics, stages) is searched but makes a poor snippet
SNIPPET_FIELDS = ("summary", "body", "attachments")
# How many of the query's words a result must hold: all of up to two words, all but one
# of three or four, all but two of five or six, half of more. The words a result may
# miss are, in effect, the least informative ones: a common word adds little to a
# result's score (its inverse document frequency is low), a rare one much.
RELAXED_MATCH = "2<-1 4<-2 6<50%"
# Results holding every word first: their clauses count this much more.
ALL_WORDS_BOOST = 2.0
# The query is scored in two passes: the node matches and scores every entry with the
# word clauses (of most words), then rescores the best RESCORE_WINDOW of them with what
# is dear to evaluate over tens of thousands of entries (every word again, phrases and
# proximity): in that window each score is what the single query used to give.
RESCORE_WINDOW = 100


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


# Words of the index a typed word may stand for (within its edits): each is one more
# posting list to read for every search of the word.
TYPO_EXPANSIONS = 10
# Of _word_clauses: the precise ones (the glossary's terms as phrases, the stemmer that
# expects diacritics) are dear over a whole index and match no entry the broad ones miss,
# so the first pass matches by the broad ones and the rescoring adds the precise ones.
PRECISE, BROAD = slice(0, 2), slice(2, 4)


def _word_clauses(text: str, minimum: str | None, boost: float) -> list:
    """Stemmed (two ways) and fuzzy matching of the words; `minimum` None: every word."""
    operator = {"operator": "and"} if minimum is None else {"minimum_should_match": minimum}
    return [
        Q(
            "multi_match",
            query=text,
            type="cross_fields",
            fields=_fields(),
            boost=boost,
            **operator,
        ),
        Q(
            "multi_match",
            query=text,
            type="cross_fields",
            fields=_fields(".fstem"),
            boost=boost,
            **operator,
        ),
        # A glossary term of several words is matched as a phrase, which a stop word of
        # the document's ("příspěvek na bydlení") breaks: here its words in any order.
        Q(
            "multi_match",
            query=text,
            type="cross_fields",
            fields=_fields(".fstem"),
            auto_generate_synonyms_phrase_query=False,
            boost=0.5 * boost,
            **operator,
        ),
        # typo tolerance: folded words within an edit or two, ranked lower
        Q(
            "match",
            all={
                "query": text,
                "fuzziness": "AUTO",
                "prefix_length": 1,
                "max_expansions": TYPO_EXPANSIONS,
                "boost": 0.3 * boost,
                **operator,
            },
        ),
    ]


def strict_query(parsed: ParsedQuery):
    """Every word (and every quoted phrase) somewhere in the entry."""
    return Q(
        "bool", must=_matching(parsed, relax=None, clauses=slice(None)), should=_boosts(parsed)
    )


def text_query(parsed: ParsedQuery, *, relax: str | None = RELAXED_MATCH):
    """Every word first, then (ranked below) most of the words, with phrase and
    proximity boosts; quoted phrases must match. In one query (the two passes of
    `search` score the same within their window)."""
    return Q("bool", must=_matching(parsed, relax=relax), should=_second_pass(parsed, relax))


def first_pass(parsed: ParsedQuery, *, relax: str | None):
    """What an entry must hold (most of the words, the phrases) and its first score."""
    return Q("bool", must=_matching(parsed, relax=relax))


def second_pass(parsed: ParsedQuery, *, relax: str | None):
    """What the best entries of the first pass earn on top: every word, the words
    together."""
    return Q("bool", should=_second_pass(parsed, relax))


def _relaxing(parsed: ParsedQuery, relax: str | None) -> bool:
    return bool(relax) and len(content_terms(parsed)) > 1


def _matching(parsed: ParsedQuery, *, relax: str | None, clauses: slice = BROAD) -> list:
    must = []
    terms = content_terms(parsed)
    if terms:
        text = " ".join(terms)
        minimum = relax if _relaxing(parsed, relax) else None
        should = _word_clauses(text, minimum, 1.0)[clauses]
        must.append(Q("bool", should=should, minimum_should_match=1))
    for phrase in parsed.phrases:
        must.append(
            Q("multi_match", query=" ".join(phrase), type="phrase", fields=_fields(".fstem"))
        )
    return must


def _second_pass(parsed: ParsedQuery, relax: str | None) -> list:
    should = []
    terms = content_terms(parsed)
    if terms:
        minimum = relax if _relaxing(parsed, relax) else None
        should += _word_clauses(" ".join(terms), minimum, 1.0)[PRECISE]
    if _relaxing(parsed, relax):
        # an entry holding every word scores its word clauses again, ALL_WORDS_BOOST in all
        text = " ".join(content_terms(parsed))
        should.append(
            Q(
                "bool",
                should=_word_clauses(text, None, ALL_WORDS_BOOST),
                minimum_should_match=1,
            )
        )
    return should + _boosts(parsed)


def _boosts(parsed: ParsedQuery) -> list:
    terms = content_terms(parsed)
    all_words = " ".join([*terms, *(w for phrase in parsed.phrases for w in phrase)])
    boosts = [
        # the words together in the title, in this order, lift an item further
        Q("match_phrase", **{"title.fstem": {"query": all_words, "slop": 2, "boost": 4}}),
        Q("match", **{"title.fstem": {"query": all_words, "operator": "and", "boost": 2}}),
    ]
    # proximity: two neighbouring words of the query close together in one field
    for first, second in zip(terms, terms[1:], strict=False):
        boosts.append(
            Q(
                "multi_match",
                query=f"{first} {second}",
                type="phrase",
                slop=3,
                fields=["title.fstem^2", "summary.fstem", "body.fstem", "attachments.fstem"],
                boost=0.5,
            )
        )
    return boosts


# What the highlighter marks: the words as the `.fstem` twins match them (with or
# without diacritics, the glossary's terms as words) and the quoted phrases. Not the
# whole query: its typo clause made the highlighter build a Levenshtein automaton per
# word for every field of every hit (half of the hits request's time at M), so typo
# tolerance is highlighted in the folded title only, where a title matched only through
# a typo gets its marks.
TERMS = slice(2, 3)


def _highlight_queries(parsed: ParsedQuery, relax: str) -> tuple[dict, dict]:
    """(for every highlighted field, for the folded title)"""
    marked = Q("bool", should=_matching(parsed, relax=relax, clauses=TERMS))
    typo = Q(
        "match",
        **{
            "title.folded": {
                "query": " ".join(content_terms(parsed)) or parsed.text,
                "fuzziness": "AUTO",
                "prefix_length": 1,
                "max_expansions": TYPO_EXPANSIONS,
            }
        },
    )
    return marked.to_dict(), Q("bool", should=[marked, typo]).to_dict()


def _highlighted(search: Search, parsed: ParsedQuery, relax: str) -> Search:
    marked, title_folded = _highlight_queries(parsed, relax)
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
            field = f"{name}{suffix}"
            query = title_folded if field == "title.folded" else marked
            search = search.highlight(field, highlight_query=query, **options)
    return search


# Long fields are highlighted in their `.fstem` twin only: it has offsets in its postings
# (documents.czech_text) and meets a query with or without diacritics. Highlighting the
# main field too made the node analyse each hit's body and attachments again (no offsets
# there): about a third of a new search's cost at M.
LONG_FIELDS = frozenset({"body", "attachments"})


def _suffixes(name: str) -> tuple[str, ...]:
    """The sub-fields a field is highlighted in (see documents.FOLDED_FIELDS)."""
    if name in FOLDED_FIELDS:
        return ("", ".fstem", ".folded")
    return (".fstem",) if name in LONG_FIELDS else ("", ".fstem")


def _best_fragment(highlight) -> str:
    """The best passage of the summary, the body and the attachments' text: the one
    holding most of the query's words (each field's best fragment by the highlighter's
    own passage score, in the field or its folded and stemmed twins)."""
    if not highlight:
        return ""
    fields = []
    for name in SNIPPET_FIELDS:
        candidates = [
            fragments[0]
            for suffix in _suffixes(name)
            if (fragments := getattr(highlight, f"{name}{suffix}", None))
        ]
        fields.append(best_passage(candidates))
    return best_passage(fields)


def _first_fragment(highlight, names) -> str:
    for name in names:
        for suffix in _suffixes(name):
            fragments = getattr(highlight, f"{name}{suffix}", None) if highlight else None
            if fragments:
                return fragments[0]
    return ""


# If most of the words find nothing, any one of them may (a last resort before nothing).
ANY_WORD = "1"
NEWEST = (
    # a library item's own year first (a 2016 methodology published last week is not
    # new), then the publication or event date
    {"year": {"order": "desc", "missing": "_last"}},
    {"date": {"order": "desc", "missing": "_last"}},
)
# Equal scores: the newer item first (the node sorts by score alone when it rescores).
NEWER_FIRST = Q(
    "function_score",
    query=Q("match_all"),
    functions=[{"field_value_factor": {"field": "year", "missing": 0, "factor": 1e-6}}],
    boost_mode="replace",
)


def _hits_request(request: SearchRequest, relax: str) -> Search:
    """The page of results: scored in two passes (sorted by relevance) or in one (by
    date), highlighted. No counting beyond the page: `_counts_request` counts."""
    search_ = _base(request.members, request.filters).source(list(RESULT_FIELDS))
    search_ = search_.extra(track_total_hits=False)
    query = request.query
    if query.is_empty:
        search_ = search_.sort(*NEWEST, "key")
    elif request.sort == SORT_DATE:
        search_ = search_.query(text_query(query, relax=relax)).sort(*NEWEST, "_score", "key")
    else:
        rescore = Q("bool", should=[second_pass(query, relax=relax), NEWER_FIRST])
        search_ = search_.query(first_pass(query, relax=relax)).extra(
            rescore={
                "window_size": max(RESCORE_WINDOW, request.offset + request.page_size),
                "query": {
                    "rescore_query": rescore.to_dict(),
                    "query_weight": 1.0,
                    "rescore_query_weight": 1.0,
                    "score_mode": "total",
                },
            }
        )
    if not query.is_empty:
        search_ = _highlighted(search_, query, relax)
    return search_[request.offset : request.offset + request.page_size]


def _counts_request(request: SearchRequest, relax: str) -> Search:
    """How many entries match and the facet counts, without scoring any of them; an
    identical request (size 0) is answered from the node's request cache until the
    index next changes."""
    search_ = _base(request.members, request.filters).extra(size=0, track_total_hits=True)
    if not request.query.is_empty:
        search_ = search_.filter(first_pass(request.query, relax=relax))
    for definition in FACETS:
        search_.aggs.bucket(
            definition.name, A("terms", field=definition.field, size=definition.size)
        )
    return search_


def _every_word_request(request: SearchRequest) -> Search:
    """Whether at least FEW_RESULTS entries hold every word (the node stops counting
    there): below that, "did you mean" is asked."""
    return (
        _base(request.members, request.filters)
        .filter(strict_query(request.query))
        .extra(size=0, terminate_after=FEW_RESULTS, track_total_hits=FEW_RESULTS)
    )


def _run_all(*searches: Search) -> list:
    multi = MultiSearch(using=connect(), index=alias_name())
    for search_ in searches:
        multi = multi.add(search_)
    try:
        responses = multi.execute(raise_on_error=True)
    except Exception as exc:
        # a multi-search reports a missing index per search, not as a 404
        if isinstance(exc, NotFound) or getattr(exc, "error", "") == "index_not_found_exception":
            raise EngineUnavailable("the search index does not exist yet") from exc
        if engine_error(exc):
            mark_down()
            raise EngineUnavailable(str(exc)) from exc
        raise
    note_success()
    return list(responses)


def _answer(request: SearchRequest, relax: str) -> tuple:
    searches = [_hits_request(request, relax), _counts_request(request, relax)]
    if not request.query.is_empty:
        searches.append(_every_word_request(request))
    responses = _run_all(*searches)
    every_word = responses[2].hits.total.value if len(responses) > 2 else None
    return responses[0], responses[1], every_word


def search(request: SearchRequest) -> SearchResults:
    response, counted, every_word = _answer(request, RELAXED_MATCH)
    if (
        not counted.hits.total.value
        and not request.query.is_empty
        and len(content_terms(request.query)) > 1
    ):
        response, counted, every_word = _answer(request, ANY_WORD)

    hits = []
    for hit in response.hits:
        highlight = getattr(hit.meta, "highlight", None)
        hits.append(
            build_hit(
                RawHit(
                    source=hit.to_dict(),
                    title_marked=_first_fragment(highlight, ["title"]),
                    snippet_marked=_best_fragment(highlight),
                    score=hit.meta.score,
                )
            )
        )
    counts = {
        definition.name: [
            (str(bucket.key), bucket.doc_count)
            for bucket in getattr(counted.aggregations, definition.name).buckets
        ]
        for definition in FACETS
    }
    total = counted.hits.total.value
    return build_results(
        request,
        backend=NAME,
        limited=False,
        total=total,
        hits=hits,
        counts=counts,
        did_you_mean=did_you_mean,
        exact_total=every_word if every_word is not None else total,
    )


def did_you_mean(request: SearchRequest) -> str:
    """A corrected query from the index's own words, offered only if every word of it is
    in something this user may see, as it is written (not through typo tolerance), and
    the corrected query finds more than the typed one: so a members-only word never
    reaches a reader who may not see it."""
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
        _base(request.members, request.filters)
        .extra(size=0)
        .suggest("spell", text, term={"field": "spell", **options})
        # folded words catch a typo plus missing diacritics ("dplatkovy" -> "splatkovy")
        .suggest("folded", text, term={"field": "spell.folded", **options})
    )
    # a word this reader finds as typed (in any of its forms) is not a typo
    for index, token in enumerate(tokens):
        found_as_typed = Q("multi_match", query=token, fields=_fields(".fstem"))
        suggest.aggs.bucket(f"typed{index}", A("filter", filter=found_as_typed))
    response = _run(suggest)
    replacements: dict[str, str] = {}
    for name in ("folded", "spell"):  # accented suggestions win
        for entry in getattr(response.suggest, name):
            if entry.options:
                replacements[entry.text] = entry.options[0].text
    if not replacements:
        return ""
    corrected = original
    changed = []
    for index, token in enumerate(tokens):
        if getattr(response.aggregations, f"typed{index}").doc_count:
            continue
        replacement = replacements.get(token.lower()) or replacements.get(fold(token))
        if replacement and fold(replacement) != fold(token):
            corrected = corrected.replace(token, replacement, 1)
            changed.append(replacement)
    if not changed:
        return ""
    parsed = parse_query(corrected)
    check = _base(request.members, request.filters).extra(size=0)
    check.aggs.bucket("query", A("filter", filter=strict_query(parsed)))
    check.aggs.bucket("typed", A("filter", filter=strict_query(request.query)))
    for index, word in enumerate(changed):
        check.aggs.bucket(f"word{index}", A("filter", filter=Q("match", all=word)))
    aggregations = _run(check).aggregations
    if any(not getattr(aggregations, f"word{i}").doc_count for i in range(len(changed))):
        return ""
    found = aggregations.query.doc_count
    if not found or found < aggregations.typed.doc_count:
        return ""
    return corrected


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
