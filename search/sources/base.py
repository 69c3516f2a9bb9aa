"""What every source shares: the `Entry` they build, the `Source` contract with its
refusal of client data, and the page URLs computed from one read of the site root paths."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Model, QuerySet
from django.utils.translation import pgettext_lazy
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from knowledge.models import KnowledgeKind, Visibility

# Client data lives there: nothing from these apps may ever be indexed.
FORBIDDEN_APP_LABELS = frozenset({"referrals"})
MAX_ATTACHMENT_CHARS = 100_000


class ForbiddenSource(Exception):
    pass


@dataclass
class Entry:
    """One searchable record, the same for the engine and the database fallback."""

    key: str
    content_type: str
    kind: str
    title: str
    url: str
    summary: str = ""
    body: str = ""
    attachments: str = ""
    meta: str = ""
    date: date | None = None
    year: int | None = None
    visibility: str = Visibility.PUBLIC
    organisation: str = ""  # slug
    organisation_name: str = ""
    region: str = ""
    topics: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)

    def as_document(self) -> dict:
        # by hand rather than dataclasses.asdict, which deep-copies every list (rebuilds
        # serialise thousands of these)
        return {
            "key": self.key,
            "content_type": self.content_type,
            "kind": self.kind,
            "title": self.title,
            "url": self.url,
            "summary": self.summary,
            "body": self.body,
            "attachments": self.attachments,
            "meta": self.meta,
            "date": self.date.isoformat() if self.date else None,
            "year": self.year,
            "visibility": self.visibility,
            "organisation": self.organisation,
            "organisation_name": self.organisation_name,
            "region": self.region,
            "topics": list(self.topics),
            "target_groups": list(self.target_groups),
            "stages": list(self.stages),
        }

    def facet_values(self) -> dict[str, list[str]]:
        """Facet name -> values; the names are those of search.facets.FACETS."""
        return {
            "kind": [self.kind],
            "topic": list(self.topics),
            "target_group": list(self.target_groups),
            "stage": list(self.stages),
            "region": [self.region] if self.region else [],
            "organisation": [self.organisation] if self.organisation else [],
            "year": [str(self.year)] if self.year else [],
        }


# content type -> its label; a knowledge item's "kind" facet is its own kind instead.
CONTENT_TYPE_LABELS = {
    "knowledge": pgettext_lazy("search result kind", "Library item"),
    "news": pgettext_lazy("search result kind", "News"),
    "page": pgettext_lazy("search result kind", "Page"),
    "project": pgettext_lazy("search result kind", "Project"),
    "organisation": pgettext_lazy("search result kind", "Organisation"),
    "programme": pgettext_lazy("search result kind", "Programme"),
}
KIND_LABELS = {**dict(KnowledgeKind.choices), **CONTENT_TYPE_LABELS}


def indexed_text(value: str | None) -> str:
    return get_text_for_indexing(value or "")


def date_of(value) -> date | None:
    if value is None:
        return None
    return value.date() if hasattr(value, "date") else value


_url_cache = threading.local()


@contextmanager
def site_root_paths_cached():
    """Within the block, pages' URLs are computed from one read of Wagtail's site root
    paths instead of one cache round trip per page (Wagtail keeps them on the object
    passed as `request`)."""
    if getattr(_url_cache, "holder", None) is not None:
        yield
        return
    holder = type("SiteRootPathsHolder", (), {})()
    # no current site, as for get_url() without a request: relative URLs on a single site
    holder._wagtail_site = None
    _url_cache.holder = holder
    try:
        yield
    finally:
        _url_cache.holder = None


class Source:
    """How one model is indexed. Subclasses name the model and build entries."""

    content_type: str
    model: type[Model]
    key_prefix: str

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        model = getattr(cls, "model", None)
        app_label = model._meta.app_label if model is not None else ""
        if app_label in FORBIDDEN_APP_LABELS:
            raise ForbiddenSource(f"{model.__name__} is in {app_label}: never indexed")

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def key(self, obj) -> str:
        return f"{self.key_prefix}:{obj.pk}"

    def build(self, obj) -> Entry | None:
        raise NotImplementedError

    def entries(self, ids: Iterable[int] | None = None) -> Iterator[Entry]:
        qs = self.queryset()
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        with site_root_paths_cached():
            for obj in qs.iterator(chunk_size=200) if ids is None else qs:
                entry = self.build(obj)
                if entry is not None:
                    yield entry

    def bulk_entries(self) -> Iterator[Entry]:
        """Every entry, for a rebuild: the same as `entries()`, faster where the source
        knows how to build from plain rows (the many knowledge items)."""
        yield from self.entries()


class PageSource(Source):
    key_prefix = "page"

    def queryset(self) -> QuerySet:
        # live() and public(): drafts, unpublished and view-restricted pages stay out.
        return self.model.objects.live().public().order_by("pk")

    def page_url(self, page: Page) -> str | None:
        return page.get_url(request=getattr(_url_cache, "holder", None))
