# ruff: noqa: S608 - the SQL here interpolates only this module's table names and placeholders
"""The library's listing table: what the library, a section and a partner page list, read
in a number of rows that does not grow with the library (docs/decisions/0003).

An item that is live and not behind a view restriction has, per audience that may read
it, one `ListingEntry` per facet value it carries (its kind, each topic, target group and
stage, its region, organisation and year) and one for the unfiltered library, each with
the sort keys (year, title). A listing filtered by one facet, or by none, sorted by year
or by title, is then one range of one index: page N reads N pages of index entries and
stops. `ListingCount` holds how many entries each (audience, facet, value) has, so the
total is one row, not a count.

Writes: `listing_refresh(item_ids)` rewrites the entries of these items from the database
and applies the difference to the counts (one upsert, keys in a fixed order so that two
writers cannot deadlock), in the caller's transaction: the item's save, delete, move and
view restrictions call it (knowledge.models, knowledge.signals), so a published item is
listed in the same commit that publishes it and the page cache's new version never meets
an old listing. `listing_rebuild()` writes everything again (after bulk loads such as the
benchmark generator, or to repair writes that went around the models).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import KnowledgeItemPage, ListingCount, ListingEntry, Visibility


class Audience(IntEnum):
    PUBLIC = 0  # anyone: public items
    MEMBERS = 1  # coalition members: public and members-only items


# Facets of the listing table, by the name of the library filter that uses them.
FACETS = {
    "kind": "kind",
    "topic": "topic",
    "target_group": "group",
    "stage": "stage",
    "region": "region",
    "organisation": "org",
    "year": "year",
}
ALL = ("", "")  # the unfiltered library's key
ORDERS = {"-year": ("-year", "title", "item_id"), "title": ("title", "item_id")}
REBUILD_CHUNK = 2000
# (facet, relation, column of the link table holding the value)
M2M = (
    ("topic", "topics", "topic_id"),
    ("group", "target_groups", "targetgroup_id"),
    ("stage", "stages", "pathwaystage_id"),
)


def audiences_of(visibility: str) -> tuple[Audience, ...]:
    if visibility == Visibility.PUBLIC:
        return (Audience.PUBLIC, Audience.MEMBERS)
    return (Audience.MEMBERS,)


def _listed_items(item_ids: Iterable[int] | None):
    qs = KnowledgeItemPage.objects.live().public()
    if item_ids is not None:
        qs = qs.filter(pk__in=list(item_ids))
    return qs


def _entries_of(items: list[dict]) -> list[tuple]:
    """(item_id, audience, facet, value, year, title) of these items (rows of `values()`)."""
    ids = [item["pk"] for item in items]
    links: dict[int, list[tuple[str, str]]] = {pk: [] for pk in ids}
    for facet, relation, column in M2M:
        through = getattr(KnowledgeItemPage, relation).through
        rows = through.objects.filter(knowledgeitempage_id__in=ids).values_list(
            "knowledgeitempage_id", column
        )
        for item_id, value in rows:
            links[item_id].append((facet, str(value)))
    entries = []
    for item in items:
        keys = [ALL, ("kind", item["kind"]), ("org", str(item["organisation_id"]))]
        if item["region"]:
            keys.append(("region", item["region"]))
        if item["year"] is not None:
            keys.append(("year", str(item["year"])))
        keys += sorted(set(links[item["pk"]]))
        for audience in audiences_of(item["visibility"]):
            for facet, value in keys:
                entries.append(
                    (item["pk"], int(audience), facet, value, item["year"], item["title"])
                )
    return entries


ITEM_FIELDS = ("pk", "kind", "organisation_id", "region", "year", "title", "visibility")


@transaction.atomic
def listing_refresh(item_ids: Iterable[int]) -> None:
    """Make the entries of these items what the database says now (none for an item that
    is gone, a draft or behind a view restriction), and the counts with them."""
    ids = sorted(set(item_ids))
    if not ids:
        return
    old = list(
        ListingEntry.objects.filter(item_id__in=ids).values_list(
            "item_id", "audience", "facet", "value", "year", "title"
        )
    )
    new = _entries_of(list(_listed_items(ids).values(*ITEM_FIELDS)))
    if sorted(old) == sorted(new):
        return
    _delete(ListingEntry.objects.filter(item_id__in=ids))
    ListingEntry.objects.bulk_create(
        [
            ListingEntry(
                item_id=item_id, audience=audience, facet=facet, value=value, year=year, title=title
            )
            for item_id, audience, facet, value, year, title in new
        ]
    )
    delta = Counter(entry[1:4] for entry in new)
    delta.subtract(Counter(entry[1:4] for entry in old))
    _add_to_counts({key: n for key, n in delta.items() if n})


def _delete(queryset) -> None:
    # One DELETE statement: QuerySet.delete() would load every row and send post_delete
    # for each (the page cache listens to every model), and nothing needs those signals.
    queryset._raw_delete(queryset.db)


def _add_to_counts(delta: dict[tuple, int]) -> None:
    if not delta:
        return
    table = ListingCount._meta.db_table
    keys = sorted(delta)  # one lock order for concurrent writers
    values = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
    params = [x for key in keys for x in (*key, delta[key])]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (audience, facet, value, entries) VALUES {values} "
            f"ON CONFLICT (audience, facet, value) "
            f"DO UPDATE SET entries = {table}.entries + excluded.entries",
            params,
        )


@transaction.atomic
def listing_rebuild() -> int:
    """Write every entry and count again; the number of entries written."""
    _delete(ListingEntry.objects.all())
    _delete(ListingCount.objects.all())
    ids = list(_listed_items(None).order_by("pk").values_list("pk", flat=True))
    written = 0
    for start in range(0, len(ids), REBUILD_CHUNK):
        chunk = ids[start : start + REBUILD_CHUNK]
        entries = _entries_of(list(_listed_items(chunk).values(*ITEM_FIELDS)))
        ListingEntry.objects.bulk_create(
            [
                ListingEntry(item_id=i, audience=a, facet=f, value=v, year=y, title=t)
                for i, a, f, v, y, t in entries
            ],
            batch_size=5000,
        )
        written += len(entries)
    table, entry_table = ListingCount._meta.db_table, ListingEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (audience, facet, value, entries) "
            f"SELECT audience, facet, value, count(*) FROM {entry_table} "
            f"GROUP BY audience, facet, value"
        )
    return written


def listing_differences() -> int:
    """How many entries or counts differ from what a rebuild would write (0 when the table
    is exact); for tests and the rebuild command's check."""
    expected: Counter = Counter()
    ids = list(_listed_items(None).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REBUILD_CHUNK):
        chunk = ids[start : start + REBUILD_CHUNK]
        expected.update(_entries_of(list(_listed_items(chunk).values(*ITEM_FIELDS))))
    actual = Counter(
        ListingEntry.objects.values_list("item_id", "audience", "facet", "value", "year", "title")
    )
    counts = Counter({key[1:4]: 0 for key in expected})
    for key, n in expected.items():
        counts[key[1:4]] += n
    stored = {
        (a, f, v): n
        for a, f, v, n in ListingCount.objects.values_list("audience", "facet", "value", "entries")
    }
    wrong_counts = sum(
        1 for key in set(counts) | set(stored) if counts.get(key, 0) != stored.get(key, 0)
    )
    return sum(((expected - actual) + (actual - expected)).values()) + wrong_counts


# --- Reading ----------------------------------------------------------------------------


@dataclass
class Listing:
    """The items of one library listing, as the paginator asks for them: `count()` is a
    maintained number (or, with several filters, a count over the rarest filter's range)
    and a slice reads that many index entries after the offset, then those items."""

    audience: Audience
    filters: list[tuple[str, str]] = field(default_factory=list)
    order: str = "-year"
    _planned: tuple | None = field(default=None, init=False, repr=False)

    def _counts(self) -> dict[tuple[str, str], int]:
        keys = self.filters or [ALL]
        rows = (
            ListingCount.objects.filter(audience=self.audience)
            .filter(_key_in(keys))
            .values_list("facet", "value", "entries")
        )
        found = {(facet, value): n for facet, value, n in rows}
        return {key: found.get(key, 0) for key in keys}

    def _plan(self) -> tuple[tuple[str, str], list[tuple[str, str]], int | None]:
        """The facet whose range is walked (the rarest one), the others, and the total
        when it is a maintained number. Read once per listing."""
        if self._planned is None:
            counts = self._counts()
            driving = min(counts, key=lambda key: (counts[key], key))
            others = [key for key in counts if key != driving]
            self._planned = (driving, others, None if others else counts[driving])
        return self._planned

    def _entries(self, driving, others) -> QuerySet:
        qs = ListingEntry.objects.filter(audience=self.audience, facet=driving[0], value=driving[1])
        for facet, value in others:
            qs = qs.filter(
                Exists(
                    ListingEntry.objects.filter(
                        item_id=OuterRef("item_id"),
                        audience=self.audience,
                        facet=facet,
                        value=value,
                    )
                )
            )
        return qs

    def count(self) -> int:
        driving, others, total = self._plan()
        if total is not None:
            return total
        return self._entries(driving, others).count()

    def ids_query(self, start: int, stop: int) -> QuerySet:
        """The ids of the items from `start` to `stop`, in the listing's order."""
        driving, others, _total = self._plan()
        qs = self._entries(driving, others).order_by(*ORDERS.get(self.order, ORDERS["-year"]))
        return qs.values_list("item_id", flat=True)[start:stop]

    def item_ids(self, start: int, stop: int) -> list[int]:
        _driving, _others, total = self._plan()
        if total is not None and start >= total:
            return []
        return list(self.ids_query(start, stop))

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.item_ids(index.start or 0, index.stop)
        return items_in_order(ids, members=self.audience == Audience.MEMBERS)


def _key_in(keys):
    condition = Q(pk__in=[])
    for facet, value in keys:
        condition |= Q(facet=facet, value=value)
    return condition


def items_in_order(ids: list[int], *, members: bool) -> list[KnowledgeItemPage]:
    """The live items of these ids in this order, with their organisations, in one query.
    The visibility rule is applied again, so a listing can never show more than the
    selectors allow."""
    qs = KnowledgeItemPage.objects.live().filter(pk__in=ids).select_related("organisation")
    if not members:
        qs = qs.filter(visibility=Visibility.PUBLIC)
    found = {item.pk: item for item in qs}
    return [found[pk] for pk in ids if pk in found]
