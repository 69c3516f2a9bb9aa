"""The search index: Czech analysis, the document mapping, and the alias that readers use.

Readers always go through the alias `<prefix>-content`. A rebuild fills a new concrete
index (`<prefix>-content-<stamp>`), which the alias `<prefix>-content-next` marks while it
fills so that live updates reach it too, then moves the read alias in one atomic call.

Text fields are analysed three ways, because Lucene's light Czech stemmer expects
diacritics but visitors often type without them:
- the main field: lower case, Czech stop words, Czech stemmer, then accent folding
  (best for correctly written queries; synonyms are applied at search time);
- `.fstem`: folding first, then the stemmer (so "treninkoveho" meets "tréninkového");
- `.folded`: folded words without stemming (typo tolerance runs on it).
Titles also get an edge n-gram sub-field for autocomplete.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings

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
from .query import synonym_lines

czech_stop = token_filter("cs_stop", "stop", stopwords="_czech_")
czech_stemmer = token_filter("cs_stemmer", "stemmer", language="czech")
autocomplete_grams = token_filter("cs_autocomplete_grams", "edge_ngram", min_gram=1, max_gram=20)


def _synonyms():
    # Read when an index is created; a changed file needs `search_rebuild`.
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


def czech_text(*, autocomplete: bool = False, spell: bool = False) -> Text:
    fields = {
        "fstem": Text(analyzer=cs_fstem_index, search_analyzer="cs_fstem_search"),
        "folded": Text(analyzer=cs_folded),
    }
    if autocomplete:
        fields["autocomplete"] = Text(analyzer=cs_autocomplete, search_analyzer=cs_folded)
    copy_to = ["all", "spell"] if spell else ["all"]
    return Text(
        analyzer=cs_index,
        search_analyzer="cs_search",
        fields=fields,
        copy_to=copy_to,
        term_vector="with_positions_offsets",
    )


class ContentDocument(Document):
    """One searchable thing: a knowledge item, news item, page, project, organisation or
    programme. `visibility` is "public" or "members"; the search filters on it."""

    key = Keyword()
    content_type = Keyword()
    kind = Keyword()
    title = czech_text(autocomplete=True, spell=True)
    summary = czech_text(spell=True)
    body = czech_text(spell=True)
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


def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-content"


def next_alias_name() -> str:
    return f"{alias_name()}-next"


def new_index_name() -> str:
    return f"{alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


def index_definition(name: str) -> Index:
    index = Index(name)
    index.settings(
        number_of_shards=1,
        number_of_replicas=0,
        refresh_interval="1s",
        max_ngram_diff=20,
        # attachments can be long: highlight the first megabyte, not fail on it
        highlight={"max_analyzed_offset": 1_000_000},
    )
    for search_analyzer in _search_analyzers():
        index.analyzer(search_analyzer)
    index.document(ContentDocument)
    return index


def create_index(name: str) -> None:
    index_definition(name).create(using=connect())


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
            body={"actions": [{"add": {"index": name, "alias": alias_name()}}]}
        )
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
    client.indices.update_aliases(body={"actions": actions})
    return old


def drop_indexes(prefix: str | None = None) -> None:
    """Delete every index of this prefix (tests and `search_rebuild --drop`)."""
    client = connect()
    pattern = f"{prefix or settings.SEARCH_INDEX_PREFIX}-content*"
    for name in client.indices.get(index=pattern, expand_wildcards="all"):
        client.indices.delete(index=name)
