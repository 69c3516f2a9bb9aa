"""What enters the search index, and how each kind of content becomes an `Entry`.

Only the sources registered here are ever indexed. The referral module holds client data
and is refused by name: a source whose model lives in a forbidden app cannot be registered.
Pages are indexed only while live and public (no view restriction), so drafts never are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db.models import Model, Prefetch, QuerySet
from django.utils.translation import pgettext_lazy
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from cms.models import NewsPage, ProjectPage, StandardPage
from knowledge.models import KnowledgeItemPage, KnowledgeKind, Visibility
from partners.models import Organisation, Programme

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
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data

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


def _text(value: str | None) -> str:
    return get_text_for_indexing(value or "")


def _date_of(value) -> date | None:
    if value is None:
        return None
    return value.date() if hasattr(value, "date") else value


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
        for obj in qs.iterator(chunk_size=200) if ids is None else qs:
            entry = self.build(obj)
            if entry is not None:
                yield entry


class PageSource(Source):
    key_prefix = "page"

    def queryset(self) -> QuerySet:
        # live() and public(): drafts, unpublished and view-restricted pages stay out.
        return self.model.objects.live().public().order_by("pk")

    def page_url(self, page: Page) -> str | None:
        return page.get_url()


class KnowledgeItemSource(PageSource):
    content_type = "knowledge"
    model = KnowledgeItemPage

    def queryset(self) -> QuerySet:
        return (
            super()
            .queryset()
            .select_related("organisation")
            .prefetch_related("topics", "target_groups", "stages", "attachments__document")
        )

    def build(self, item: KnowledgeItemPage) -> Entry | None:
        url = self.page_url(item)
        if not url:
            return None
        attachments = []
        labels = []
        size = 0
        for attachment in item.attachments.all():
            labels.append(attachment.display_label)
            text = attachment.document.extracted_text or ""
            if size < MAX_ATTACHMENT_CHARS and text:
                attachments.append(text[: MAX_ATTACHMENT_CHARS - size])
                size += len(attachments[-1])
        topics = list(item.topics.all())
        groups = list(item.target_groups.all())
        stages = list(item.stages.all())
        published = _date_of(item.last_published_at or item.first_published_at)
        meta = [item.organisation.name, item.municipality, *labels]
        meta += [t.name for t in topics] + [g.name for g in groups] + [s.name for s in stages]
        return Entry(
            key=self.key(item),
            content_type=self.content_type,
            kind=item.kind,
            title=item.title,
            url=url,
            summary=item.summary,
            body=_text(item.body),
            attachments="\n".join(attachments),
            meta=" · ".join(m for m in meta if m),
            date=published,
            year=item.year or (published.year if published else None),
            visibility=item.visibility,
            organisation=item.organisation.slug,
            organisation_name=item.organisation.name,
            region=item.region or item.organisation.region,
            topics=[t.slug for t in topics],
            target_groups=[g.slug for g in groups],
            stages=[s.slug for s in stages],
        )


class NewsSource(PageSource):
    content_type = "news"
    model = NewsPage

    def build(self, news: NewsPage) -> Entry | None:
        url = self.page_url(news)
        if not url:
            return None
        return Entry(
            key=self.key(news),
            content_type=self.content_type,
            kind=self.content_type,
            title=news.title,
            url=url,
            summary=news.summary,
            body=_text(news.body),
            date=news.date,
            year=news.date.year if news.date else None,
        )


class StandardPageSource(PageSource):
    content_type = "page"
    model = StandardPage

    def build(self, page: StandardPage) -> Entry | None:
        url = self.page_url(page)
        if not url:
            return None
        return Entry(
            key=self.key(page),
            content_type=self.content_type,
            kind=self.content_type,
            title=page.title,
            url=url,
            summary=page.intro,
            body=_text(page.body),
            date=_date_of(page.last_published_at),
        )


class ProjectSource(PageSource):
    content_type = "project"
    model = ProjectPage

    def queryset(self) -> QuerySet:
        return (
            super()
            .queryset()
            .select_related("lead_organisation")
            .prefetch_related("partner_organisations", "target_groups", "key_activities", "outputs")
        )

    def build(self, project: ProjectPage) -> Entry | None:
        url = self.page_url(project)
        if not url:
            return None
        lead = project.lead_organisation
        activities = [f"{a.code} {a.title} {a.description}" for a in project.key_activities.all()]
        outputs = [f"{o.title} {o.description}" for o in project.outputs.all()]
        partners = [o.name for o in project.partner_organisations.all()]
        groups = list(project.target_groups.all())
        meta = [lead.name if lead else "", project.registration_number, project.funding]
        meta += partners + [g.name for g in groups]
        return Entry(
            key=self.key(project),
            content_type=self.content_type,
            kind=self.content_type,
            title=project.title,
            url=url,
            summary=project.summary,
            body="\n".join([_text(project.body), *activities, *outputs]),
            meta=" · ".join(m for m in meta if m),
            date=project.period_start,
            year=project.period_start.year if project.period_start else None,
            organisation=lead.slug if lead else "",
            organisation_name=lead.name if lead else "",
            region=lead.region if lead else "",
            target_groups=[g.slug for g in groups],
        )


class OrganisationSource(Source):
    content_type = "organisation"
    model = Organisation
    key_prefix = "organisation"

    def queryset(self) -> QuerySet:
        active = Programme.objects.filter(is_active=True).select_related("stage")
        return Organisation.objects.prefetch_related(
            Prefetch("programmes", queryset=active)
        ).order_by("pk")

    def build(self, organisation: Organisation) -> Entry:
        programmes = list(organisation.programmes.all())
        meta = [
            organisation.short_name,
            organisation.get_kind_display(),
            organisation.municipality,
            organisation.street_address,
            *[p.name for p in programmes],
        ]
        return Entry(
            key=self.key(organisation),
            content_type=self.content_type,
            kind=self.content_type,
            title=organisation.name,
            url=organisation.get_absolute_url(),
            summary=organisation.description,
            meta=" · ".join(str(m) for m in meta if m),
            organisation=organisation.slug,
            organisation_name=organisation.name,
            region=organisation.region,
            stages=sorted({p.stage.slug for p in programmes if p.stage}),
        )


class ProgrammeSource(Source):
    content_type = "programme"
    model = Programme
    key_prefix = "programme"

    def queryset(self) -> QuerySet:
        return (
            Programme.objects.filter(is_active=True)
            .select_related("organisation", "stage")
            .prefetch_related("target_groups", "intake_criteria")
            .order_by("pk")
        )

    def build(self, programme: Programme) -> Entry:
        organisation = programme.organisation
        groups = list(programme.target_groups.all())
        criteria = [c.text for c in programme.intake_criteria.all()]
        meta = [
            organisation.name,
            programme.get_kind_display(),
            programme.stage_label,
            programme.area_served,
            *[g.name for g in groups],
        ]
        return Entry(
            key=self.key(programme),
            content_type=self.content_type,
            kind=self.content_type,
            title=programme.name,
            url=f"{organisation.get_absolute_url()}#program-{programme.slug}",
            summary=programme.description,
            body="\n".join(criteria),
            meta=" · ".join(str(m) for m in meta if m),
            organisation=organisation.slug,
            organisation_name=organisation.name,
            region=organisation.region,
            target_groups=[g.slug for g in groups],
            stages=[programme.stage.slug] if programme.stage else [],
        )


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


def source_counts() -> dict[str, int]:
    """How many entries the database would index, per content type (pages without a URL
    are counted out by building them, as the indexer does)."""
    return {s.content_type: sum(1 for _ in s.entries()) for s in SOURCES}
