"""The shape of a search answer, the same from the engine and from the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from math import ceil

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

# Backends mark highlighted words with these private-use characters; they become <mark>
# only after the text is escaped, so indexed text can never inject markup.
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"
SNIPPET_CHARS = 240


def marked_html(text: str) -> SafeString:
    html = str(escape(text))
    opened = 0
    out = []
    for char in html:
        if char == HIGHLIGHT_START:
            if not opened:
                out.append("<mark>")
            opened += 1
        elif char == HIGHLIGHT_END:
            if opened:
                opened -= 1
                if not opened:
                    out.append("</mark>")
        else:
            out.append(char)
    if opened:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - escaped above, only <mark> added


def plain_snippet(text: str) -> SafeString:
    return marked_html(Truncator(" ".join(text.split())).chars(SNIPPET_CHARS))


def has_highlight(text: str) -> bool:
    return HIGHLIGHT_START in text


def highlighted_words(text: str) -> set[str]:
    """The distinct words a backend marked in `text`, lower case."""
    found = set()
    for part in text.split(HIGHLIGHT_START)[1:]:
        found.add(" ".join(part.split(HIGHLIGHT_END, 1)[0].lower().split()))
    return found


def best_passage(passages: list[str]) -> str:
    """The passage (summary, body, attachment text, best first) with the most distinct
    marked words; an earlier one wins a tie. "" when none has a marked word: the reader
    sees why a result is there from the passage that holds most of the query."""
    best, best_count = "", 0
    for passage in passages:
        count = len(highlighted_words(passage or ""))
        if count > best_count:
            best, best_count = passage, count
    return best


@dataclass
class Hit:
    key: str
    content_type: str
    kind: str
    kind_label: str
    title: str
    title_html: SafeString
    url: str
    snippet_html: SafeString
    date: date | None
    year: int | None
    organisation: str
    organisation_name: str
    members_only: bool
    score: float | None = None

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "content_type": self.content_type,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "title": self.title,
            "title_html": str(self.title_html),
            "url": self.url,
            "snippet_html": str(self.snippet_html),
            "date": self.date.isoformat() if self.date else None,
            "year": self.year,
            "organisation": self.organisation or None,
            "organisation_name": self.organisation_name or None,
            "members_only": self.members_only,
        }


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)
    selected: str = ""

    def as_json(self) -> dict:
        return {
            "label": str(self.label),
            "selected": self.selected or None,
            "options": [
                {"value": o.value, "label": o.label, "count": o.count, "selected": o.selected}
                for o in self.options
            ],
        }


@dataclass
class SearchResults:
    query: str
    backend: str  # "engine" or "database"
    limited: bool  # True when answered by the database fallback
    total: int
    page: int
    page_size: int
    sort: str
    filters: dict[str, str]
    hits: list[Hit] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    suggestion: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.total / self.page_size)) if self.page_size else 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.total else 0

    def facet(self, name: str) -> Facet | None:
        return next((f for f in self.facets if f.name == name), None)

    def as_json(self) -> dict:
        return {
            "query": self.query,
            "backend": self.backend,
            "limited": self.limited,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "num_pages": self.num_pages,
            "sort": self.sort,
            "filters": self.filters,
            "suggestion": self.suggestion or None,
            "results": [hit.as_json() for hit in self.hits],
            "facets": {facet.name: facet.as_json() for facet in self.facets},
        }


@dataclass
class Suggestion:
    """One autocomplete option."""

    title: str
    url: str
    kind_label: str

    def as_json(self) -> dict:
        return {"title": self.title, "url": self.url, "kind_label": self.kind_label}
