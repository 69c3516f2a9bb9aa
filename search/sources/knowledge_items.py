"""Library items, read with their attachments' extracted text; rebuilds build them from
plain rows instead of page instances."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.db.models import QuerySet
from wagtail.models import Page

from knowledge.models import KnowledgeItemAttachment, KnowledgeItemPage, LibraryDocument
from partners.models import Organisation

from .base import (
    MAX_ATTACHMENT_CHARS,
    Entry,
    PageSource,
    date_of,
    indexed_text,
    site_root_paths_cached,
)


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
        published = date_of(item.last_published_at or item.first_published_at)
        meta = [item.organisation.name, item.municipality, *labels]
        meta += [t.name for t in topics] + [g.name for g in groups] + [s.name for s in stages]
        return Entry(
            key=self.key(item),
            content_type=self.content_type,
            kind=item.kind,
            title=item.title,
            url=url,
            summary=item.summary,
            body=indexed_text(item.body),
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

    # --- rebuilding from plain rows -----------------------------------------------------------
    # The same entries as `build`, without model instances: at thousands of items the
    # per-object path spends its time instantiating pages and building a queryset per
    # ParentalManyToManyField and item even when prefetched.
    ROW_FIELDS = (
        "pk",
        "title",
        "url_path",
        "kind",
        "summary",
        "body",
        "visibility",
        "organisation_id",
        "municipality",
        "region",
        "year",
        "last_published_at",
        "first_published_at",
    )
    RELATIONS = ("topics", "target_groups", "stages")
    BATCH = 1000

    def bulk_entries(self) -> Iterator[Entry]:
        with site_root_paths_cached():
            yield from self._bulk_entries()

    def _bulk_entries(self) -> Iterator[Entry]:
        ids = list(self.queryset().values_list("pk", flat=True))
        organisations = {
            row["pk"]: row for row in Organisation.objects.values("pk", "slug", "name", "region")
        }
        targets = {name: _ranked_targets(self.model, name) for name in self.RELATIONS}
        documents: dict[int, tuple[str, str]] = {}
        iterator = iter(ids)
        while chunk := list(islice(iterator, self.BATCH)):
            rows = self.model.objects.filter(pk__in=chunk).order_by("pk").values(*self.ROW_FIELDS)
            links = {name: _links(self.model, name, chunk, targets[name]) for name in targets}
            attachments: dict[int, list[tuple[str, int]]] = {}
            for page_id, label, document_id in (
                KnowledgeItemAttachment.objects.filter(page_id__in=chunk)
                .order_by("page_id", "sort_order", "pk")
                .values_list("page_id", "label", "document_id")
            ):
                attachments.setdefault(page_id, []).append((label, document_id))
            wanted = {d for items in attachments.values() for _, d in items} - set(documents)
            if wanted:
                for pk, title, text in LibraryDocument.objects.filter(pk__in=wanted).values_list(
                    "pk", "title", "extracted_text"
                ):
                    documents[pk] = (title, (text or "")[:MAX_ATTACHMENT_CHARS])
            for row in rows:
                entry = self._build_row(
                    row,
                    organisations[row["organisation_id"]],
                    {
                        name: [targets[name][t] for t in links[name].get(row["pk"], ())]
                        for name in targets
                    },
                    [
                        (label or documents[d][0], documents[d][1])
                        for label, d in attachments.get(row["pk"], ())
                    ],
                )
                if entry is not None:
                    yield entry

    def _build_row(self, row, organisation, related, attachments) -> Entry | None:
        url = self.page_url(_UrlOnly(row["url_path"]))
        if not url:
            return None
        texts = []
        size = 0
        for _label, text in attachments:
            if size < MAX_ATTACHMENT_CHARS and text:
                texts.append(text[: MAX_ATTACHMENT_CHARS - size])
                size += len(texts[-1])
        topics, groups, stages = related["topics"], related["target_groups"], related["stages"]
        published = date_of(row["last_published_at"] or row["first_published_at"])
        meta = [organisation["name"], row["municipality"], *[label for label, _ in attachments]]
        meta += [t[1] for t in topics] + [g[1] for g in groups] + [s[1] for s in stages]
        return Entry(
            key=f"{self.key_prefix}:{row['pk']}",
            content_type=self.content_type,
            kind=row["kind"],
            title=row["title"],
            url=url,
            summary=row["summary"],
            body=indexed_text(row["body"]),
            attachments="\n".join(texts),
            meta=" · ".join(m for m in meta if m),
            date=published,
            year=row["year"] or (published.year if published else None),
            visibility=row["visibility"],
            organisation=organisation["slug"],
            organisation_name=organisation["name"],
            region=row["region"] or organisation["region"],
            topics=[t[0] for t in topics],
            target_groups=[g[0] for g in groups],
            stages=[s[0] for s in stages],
        )


class _UrlOnly:
    """Just enough of a page for Wagtail's own URL code (`Page.get_url`), without
    instantiating a page model per row."""

    __slots__ = ("url_path", "__dict__")
    get_url = Page.get_url
    get_url_parts = Page.get_url_parts
    _get_site_root_paths = Page._get_site_root_paths
    _get_relevant_site_root_paths = Page._get_relevant_site_root_paths

    def __init__(self, url_path: str):
        self.url_path = url_path


def _ranked_targets(model, name: str) -> dict[int, tuple[str, str]]:
    """pk -> (slug, name) of a many-to-many field's targets, in their model's ordering."""
    target = model._meta.get_field(name).related_model
    ordering = target._meta.ordering or ["pk"]
    return {
        pk: (slug, label)
        for pk, slug, label in target.objects.order_by(*ordering).values_list("pk", "slug", "name")
    }


def _links(model, name: str, ids: list[int], ranked: dict) -> dict[int, list[int]]:
    """page id -> target ids of a many-to-many field, in the targets' ordering."""
    field_ = model._meta.get_field(name)
    through = field_.remote_field.through
    source, target = field_.m2m_field_name(), field_.m2m_reverse_field_name()
    rank = {pk: position for position, pk in enumerate(ranked)}
    links: dict[int, list[int]] = {}
    for page_id, target_id in through.objects.filter(**{f"{source}_id__in": ids}).values_list(
        f"{source}_id", f"{target}_id"
    ):
        links.setdefault(page_id, []).append(target_id)
    for targets in links.values():
        targets.sort(key=rank.__getitem__)
    return links
