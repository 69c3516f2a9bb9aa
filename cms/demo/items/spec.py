"""The shape of one demo knowledge item (data lives in the sibling modules)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    note: str = ""


@dataclass(frozen=True)
class DemoItem:
    section: str  # slug of the authoring organisation
    slug: str  # unique across the whole demo library
    title: str
    kind: str  # knowledge.models.KnowledgeKind value
    year: int
    summary: str
    body: str  # light markup, see cms.demo.text
    topics: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    visibility: str = "public"
    related: tuple[str, ...] = ()
    files: tuple[str, ...] = ("pdf",)  # "pdf", "docx", "xlsx" (xlsx needs a table)
    table: Table | None = None
    municipality: str | None = None  # None: the organisation's municipality
    region: str | None = None  # None: the organisation's region
    anonymised: bool = field(default=False)
