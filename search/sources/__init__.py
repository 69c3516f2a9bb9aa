"""What enters the search index, and how each kind of content becomes an `Entry`.

Only the sources registered here are ever indexed. The referral module holds client data
and is refused by name: a source whose model lives in a forbidden app cannot be registered
(base.Source). Pages are indexed only while live and public (no view restriction), so
drafts never are. One module per kind of content read: knowledge_items (knowledge), pages (cms),
organisations (partners).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from wagtail.models import Page

from partners.models import Organisation, Programme

from .base import KIND_LABELS, Entry, ForbiddenSource, PageSource, Source
from .knowledge_items import KnowledgeItemSource
from .organisations import OrganisationSource, ProgrammeSource
from .pages import NewsSource, ProjectSource, StandardPageSource

__all__ = [
    "KIND_LABELS",
    "PAGE_SOURCES",
    "SOURCES",
    "Entry",
    "ForbiddenSource",
    "Source",
    "all_entries",
    "all_entries_fast",
    "entries_for_keys",
    "key_for",
    "source_counts",
    "source_for_content_type",
]

SOURCES: tuple[Source, ...] = (
    KnowledgeItemSource(),
    NewsSource(),
    StandardPageSource(),
    ProjectSource(),
    OrganisationSource(),
    ProgrammeSource(),
)
PAGE_SOURCES = {s.model: s for s in SOURCES if isinstance(s, PageSource)}


def source_for_content_type(content_type: str) -> Source:
    return next(s for s in SOURCES if s.content_type == content_type)


def key_for(obj) -> str | None:
    """The index key of a model instance, or None if its kind is never indexed."""
    if isinstance(obj, Page):
        return f"page:{obj.pk}"
    if isinstance(obj, Organisation):
        return f"organisation:{obj.pk}"
    if isinstance(obj, Programme):
        return f"programme:{obj.pk}"
    return None


def entries_for_keys(keys: Iterable[str]) -> dict[str, Entry | None]:
    """Current entries for these keys; None for a key that must leave the index."""
    by_prefix: dict[str, set[int]] = {}
    for key in keys:
        prefix, _sep, pk = key.partition(":")
        if pk.isdigit():
            by_prefix.setdefault(prefix, set()).add(int(pk))
    found: dict[str, Entry | None] = {}
    page_ids = by_prefix.pop("page", set())
    if page_ids:
        for source in PAGE_SOURCES.values():
            for entry in source.entries(page_ids):
                found[entry.key] = entry
    for prefix, ids in by_prefix.items():
        for source in SOURCES:
            if source.key_prefix == prefix and not isinstance(source, PageSource):
                for entry in source.entries(ids):
                    found[entry.key] = entry
    return {key: found.get(key) for key in keys}


def all_entries() -> Iterator[Entry]:
    for source in SOURCES:
        yield from source.entries()


def all_entries_fast() -> Iterator[Entry]:
    """The same entries as `all_entries`, built from plain rows where a source can (rebuilds)."""
    for source in SOURCES:
        yield from source.bulk_entries()


def source_counts() -> dict[str, int]:
    """How many entries the database would index, per content type (pages without a URL
    are counted out by building them, as the indexer does)."""
    return {s.content_type: sum(1 for _ in s.entries()) for s in SOURCES}
