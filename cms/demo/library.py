"""Knowledge items in the organisations' library sections, each with generated files in
the organisation's document collection."""

from functools import partial

from knowledge.models import (
    KnowledgeItemAttachment,
    KnowledgeItemPage,
    LibraryDocument,
    LibraryIndexPage,
    Topic,
)
from knowledge.services import Workspace
from partners.models import Organisation, PathwayStage, TargetGroup

from .documents import document_ensure, docx_bytes, pdf_bytes, xlsx_bytes
from .items import ITEMS, DemoItem
from .report import LoadReport
from .text import to_html

TOPICS = [
    ("dluhy", "Dluhy"),
    ("socialni-prace", "Sociální práce"),
    ("bytova-politika", "Bytová politika"),
    ("evaluace", "Evaluace"),
    ("spoluprace", "Spolupráce"),
    ("prevence-ztraty-bydleni", "Prevence ztráty bydlení"),
    ("housing-first", "Housing First"),
    ("deti-a-rodiny", "Děti a rodiny"),
]

ATTACHMENT_LABELS = {
    "pdf": "Plné znění (PDF)",
    "docx": "Dokument k úpravě (DOCX)",
    "xlsx": "Data v tabulce (XLSX)",
}


def topics_ensure(report: LoadReport) -> dict[str, Topic]:
    topics = {}
    for slug, name in TOPICS:
        topic, created = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
        if created:
            report.created("Topic")
        topics[slug] = topic
    return topics


def _file_builder(spec: DemoItem, file_format: str, organisation: Organisation):
    common = {"title": spec.title, "organisation": organisation.name, "year": spec.year}
    table = (spec.table.headers, spec.table.rows) if spec.table is not None else None
    if file_format == "pdf":
        return partial(pdf_bytes, body=spec.body, table=table, **common)
    if file_format == "docx":
        return partial(docx_bytes, body=spec.body, **common)
    if file_format == "xlsx" and spec.table is not None:
        return partial(
            xlsx_bytes,
            headers=spec.table.headers,
            rows=spec.table.rows,
            note=spec.table.note,
            **common,
        )
    raise ValueError(f"{spec.slug}: cannot build a {file_format} file")


def documents_ensure(
    spec: DemoItem, organisation: Organisation, workspace: Workspace, report: LoadReport
) -> list[LibraryDocument]:
    documents = []
    for index, file_format in enumerate(spec.files):
        # The first file carries the item's title; further formats are told apart by suffix.
        title = spec.title if index == 0 else f"{spec.title} ({file_format.upper()})"
        document, created = document_ensure(
            title=title,
            filename=f"{spec.slug}.{file_format}",
            collection=workspace.collection,
            build=_file_builder(spec, file_format, organisation),
        )
        if created:
            report.created(f"LibraryDocument ({file_format})")
        documents.append(document)
    return documents


def items_ensure(
    library: LibraryIndexPage,
    organisations: dict[str, Organisation],
    workspaces: dict[str, Workspace],
    topics: dict[str, Topic],
    report: LoadReport,
) -> None:
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    stages = {stage.slug: stage for stage in PathwayStage.objects.all()}
    created: list[tuple[KnowledgeItemPage, DemoItem]] = []

    for spec in ITEMS:
        organisation = organisations[spec.section]
        workspace = workspaces[spec.section]
        section = workspace.section
        if KnowledgeItemPage.objects.child_of(section).filter(slug=spec.slug).exists():
            continue
        documents = documents_ensure(spec, organisation, workspace, report)
        item = KnowledgeItemPage(
            title=spec.title,
            slug=spec.slug,
            kind=spec.kind,
            summary=spec.summary,
            body=to_html(spec.body),
            organisation=organisation,
            visibility=spec.visibility,
            municipality=(
                organisation.municipality if spec.municipality is None else spec.municipality
            ),
            region=organisation.region if spec.region is None else spec.region,
            year=spec.year,
            anonymised_confirmed=spec.anonymised,
            live=False,
        )
        item.topics = [topics[slug] for slug in spec.topics]
        item.target_groups = [groups[slug] for slug in spec.target_groups]
        item.stages = [stages[slug] for slug in spec.stages]
        item.attachments = [
            KnowledgeItemAttachment(
                document=document,
                label=ATTACHMENT_LABELS[file_format],
                sort_order=index,
            )
            for index, (document, file_format) in enumerate(zip(documents, spec.files, strict=True))
        ]
        section.add_child(instance=item)
        created.append((item, spec))

    # Related items may point forward in the list, so links are set once every new item
    # exists, and each item is published with its links in its first revision.
    related_slugs = {slug for _item, spec in created for slug in spec.related}
    related = {
        page.slug: page
        for page in KnowledgeItemPage.objects.descendant_of(library).filter(slug__in=related_slugs)
    }
    for item, spec in created:
        item.related_items = [related[slug] for slug in spec.related if slug in related]
        item.save_revision().publish()
        report.created("KnowledgeItemPage")
