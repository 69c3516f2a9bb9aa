"""The search index: Czech analysis, the document mapping, and the alias that readers use.

Readers always go through the alias `<prefix>-content`. A rebuild fills a new concrete
index (`<prefix>-content-<stamp>`), which the alias `<prefix>-content-next` marks while it
fills so that live updates reach it too, then moves the read alias in one atomic call.

Text fields are analysed two ways, because Lucene's light Czech stemmer expects
diacritics but visitors often type without them:
- the main field: lower case, Czech stop words, Czech stemmer, then accent folding
  (best for correctly written queries; synonyms are applied at search time);
- `.fstem`: folding first, then the stemmer (so "treninkoveho" meets "tréninkového"),
  with offsets in the postings: the snippets are highlighted in it (a query with or
  without diacritics meets it), so the unified highlighter reads the offsets instead
  of analysing the body and the attachments' text again for every hit.
Typo tolerance runs on `all`: every text field's folded words, unstemmed. It also finds
what the stemmer misses in a query without diacritics ("materske centrum" for "v
mateřském centru"). Titles also get `.folded` (to highlight a title matched only
through a typo) and an edge n-gram sub-field for autocomplete. "Did you mean" draws its
words from titles and summaries.

What the node spends per document is what limits a full rebuild on a small machine, so
the mapping is kept lean (bench/results/reindex.md): no term vectors (offsets in the
`.fstem` postings instead), no `.folded` twin of the long fields (`all` holds those words), and
no copy of the body in the spelling field. That cut the node's CPU per document from
1.6 ms to 0.9 ms; letting the JVM compile Lucene's ASCII folding (the node's
`-XX:-DontCompileHugeMethods`) cut it to about 0.55 ms.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings

from .answers import answers_changed
from .client import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    NotFound,
    Text,
    analyzer,
    connect,
    token_filter,
)
from .query import glossary_version, synonym_lines

czech_stop = token_filter("cs_stop", "stop", stopwords="_czech_")
czech_stemmer = token_filter("cs_stemmer", "stemmer", language="czech")
autocomplete_grams = token_filter("cs_autocomplete_grams", "edge_ngram", min_gram=1, max_gram=20)


def _synonyms():
    # Read when an index is created; a changed glossary is rebuilt into a new index
    # (search.glossary).
    return token_filter(
        "cs_synonyms", "synonym_graph", synonyms=list(synonym_lines()), lenient=True
    )


cs_index = analyzer(
    "cs_index",
    tokenizer="standard",
    filter=["lowercase", czech_stop, czech_stemmer, "asciifolding"],
)
cs_fstem_index = analyzer(
    "cs_fstem_index",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", czech_stop, czech_stemmer],
)
cs_folded = analyzer("cs_folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
cs_autocomplete = analyzer(
    "cs_autocomplete",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", autocomplete_grams],
)
cs_spell = analyzer("cs_spell", tokenizer="standard", filter=["lowercase"])


def _search_analyzers():
    synonyms = _synonyms()
    return (
        # Synonyms after the stemmer: the rules are analysed by the same chain, so an
        # inflected form ("azyláku") meets its rule ("azylák") too.
        analyzer(
            "cs_search",
            tokenizer="standard",
            filter=["lowercase", czech_stop, czech_stemmer, synonyms, "asciifolding"],
        ),
        analyzer(
            "cs_fstem_search",
            tokenizer="standard",
            filter=["lowercase", "asciifolding", czech_stop, czech_stemmer, synonyms],
        ),
    )


def czech_text(*, autocomplete: bool = False, spell: bool = False, folded: bool = False) -> Text:
    # The highlighter reads the `.fstem` twin's offsets from its postings (it matches a
    # query typed with or without diacritics); the main field keeps positions only.
    fields = {
        "fstem": Text(
            analyzer=cs_fstem_index, search_analyzer="cs_fstem_search", index_options="offsets"
        )
    }
    if folded:
        fields["folded"] = Text(analyzer=cs_folded)
    if autocomplete:
        fields["autocomplete"] = Text(analyzer=cs_autocomplete, search_analyzer=cs_folded)
    copy_to = ["all", "spell"] if spell else ["all"]
    return Text(analyzer=cs_index, search_analyzer="cs_search", fields=fields, copy_to=copy_to)


class ContentDocument(Document):
    """One searchable thing: a knowledge item, news item, page, project, organisation or
    programme. `visibility` is "public" or "members"; the search filters on it."""

    key = Keyword()
    content_type = Keyword()
    kind = Keyword()
    title = czech_text(autocomplete=True, spell=True, folded=True)
    summary = czech_text(spell=True)
    body = czech_text()
    attachments = czech_text()
    meta = czech_text()
    all = Text(analyzer=cs_folded)
    spell = Text(analyzer=cs_spell, fields={"folded": Text(analyzer=cs_folded)})
    url = Keyword(index=False)
    date = Date()
    year = Integer()
    visibility = Keyword()
    organisation = Keyword()
    organisation_name = Keyword(index=False)
    region = Keyword()
    topics = Keyword()
    target_groups = Keyword()
    stages = Keyword()


# Text fields with a `.folded` sub-field (the highlighter asks for it on these only).
FOLDED_FIELDS = frozenset(
    name
    for name, mapping in ContentDocument._doc_type.mapping.to_dict()["properties"].items()
    if "folded" in mapping.get("fields", {})
)


def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-content"


def next_alias_name() -> str:
    return f"{alias_name()}-next"


def new_index_name() -> str:
    return f"{alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


REFRESH_INTERVAL = "1s"


def live_settings() -> dict:
    """Index settings a serving index has; a rebuild turns refresh and replicas off while
    it fills the new index and restores these before the alias moves to it."""
    return {
        "refresh_interval": REFRESH_INTERVAL,
        "number_of_replicas": int(getattr(settings, "SEARCH_INDEX_REPLICAS", 0)),
        "translog.durability": "request",
    }


# While a rebuild fills a new index nobody reads it and a crash only means building it
# again: no refreshes, no replicas, no fsync of the translog per bulk request.
BUILDING_SETTINGS = {
    "refresh_interval": "-1",
    "number_of_replicas": 0,
    "translog.durability": "async",
}


def index_definition(name: str, *, building: bool = False) -> Index:
    index = Index(name)
    index.settings(
        number_of_shards=1,
        **(BUILDING_SETTINGS if building else live_settings()),
        max_ngram_diff=20,
        # attachments can be long: highlight the first megabyte, not fail on it
        highlight={"max_analyzed_offset": 1_000_000},
    )
    for search_analyzer in _search_analyzers():
        index.analyzer(search_analyzer)
    index.document(ContentDocument)
    return index


# Creating an index (analysers, mapping, shard allocation) is an administrative call that a
# busy node may take longer over than a search; it gets more than REQUEST_TIMEOUT.
ADMIN_TIMEOUT = 60


def create_index(name: str, *, building: bool = False) -> None:
    client = connect()
    index_definition(name, building=building).create(using=client, request_timeout=ADMIN_TIMEOUT)
    # the glossary this index's synonym filter was built from (search.glossary)
    client.indices.put_mapping(
        index=name, body={"_meta": {"glossary": glossary_version()}}, request_timeout=ADMIN_TIMEOUT
    )


def finish_building(name: str) -> None:
    """Give a filled index its serving settings back (refresh, replicas) and refresh it."""
    client = connect()
    client.indices.put_settings(
        index=name, body={"index": live_settings()}, request_timeout=ADMIN_TIMEOUT
    )
    client.indices.refresh(index=name, request_timeout=ADMIN_TIMEOUT)


def indexes_behind(alias: str) -> list[str]:
    try:
        return sorted(connect().indices.get_alias(name=alias).keys())
    except NotFound:
        return []


def ensure_index() -> list[str]:
    """The concrete indexes live writes go to; creates the first one when none exists."""
    client = connect()
    targets = indexes_behind(alias_name())
    if not targets:
        name = new_index_name()
        create_index(name)
        client.indices.update_aliases(
            body={"actions": [{"add": {"index": name, "alias": alias_name()}}]},
            request_timeout=ADMIN_TIMEOUT,
        )
        answers_changed()
        targets = [name]
    for name in indexes_behind(next_alias_name()):
        if name not in targets:
            targets.append(name)
    return targets


def swap_alias(new_index: str) -> list[str]:
    """Point the read alias at `new_index` in one atomic call; returns the old indexes."""
    client = connect()
    old = [name for name in indexes_behind(alias_name()) if name != new_index]
    actions = [{"remove": {"index": name, "alias": alias_name()}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias_name()}})
    actions.append({"remove": {"index": new_index, "alias": next_alias_name()}})
    client.indices.update_aliases(body={"actions": actions}, request_timeout=ADMIN_TIMEOUT)
    answers_changed()
    return old


def drop_indexes(prefix: str | None = None) -> None:
    """Delete every index of this prefix (tests and `search_rebuild --drop`)."""
    client = connect()
    pattern = f"{prefix or settings.SEARCH_INDEX_PREFIX}-content*"
    for name in client.indices.get(index=pattern, expand_wildcards="all"):
        client.indices.delete(index=name)
    answers_changed()
