"""Keeping the index in step with the database.

Signal handlers call `queue_keys`: the keys are collected for the running transaction and
handed to Celery in one task once it commits (`transaction.on_commit`), so a rolled-back
change never reaches the index and a publish that touches a page many times is indexed once.
The task (`search.tasks.index_entries`) calls `sync_keys`, which reloads each key from the
database and writes the result in bulk: first to the database copy (the fallback), then to
the engine. A key whose object is gone, unpublished or never indexable is removed.

`rebuild` builds a new engine index beside the live one and swaps the alias atomically.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .client import BulkIndexError, EngineUnavailable, bulk, connect, engine_configured
from .client import engine_error as is_engine_error
from .documents import (
    alias_name,
    create_index,
    ensure_index,
    indexes_behind,
    new_index_name,
    next_alias_name,
    swap_alias,
)
from .models import SearchEntry, SearchEntryFacet
from .sources import SOURCES, Entry, all_entries, entries_for_keys, key_for

logger = logging.getLogger(__name__)

_local = threading.local()


# --- queueing -----------------------------------------------------------------------------


def _pending() -> set[str]:
    if not hasattr(_local, "keys"):
        _local.keys = set()
    return _local.keys


def queue_keys(keys: Iterable[str]) -> None:
    """Reindex these keys once the current transaction commits (at once outside one)."""
    keys = [k for k in keys if k]
    if not keys:
        return
    _pending().update(keys)
    # Registered per call: a callback dropped with a rolled-back savepoint must not strand
    # keys queued later; the first callback to run drains the set, the others find it empty.
    transaction.on_commit(_flush)


def queue_instance(obj) -> None:
    key = key_for(obj)
    if key:
        queue_keys([key])


def _flush() -> None:
    pending = _pending()
    keys = sorted(pending)
    pending.clear()
    if keys:
        dispatch(keys)


def dispatch(keys: list[str]) -> None:
    """Hand keys to Celery, or index them in this process when SEARCH_INDEX_SYNC is set
    (the test suite, scripts)."""
    if getattr(settings, "SEARCH_INDEX_SYNC", False):
        try:
            sync_keys(keys)
        except EngineUnavailable as exc:
            # the database copy is written; `search_rebuild` catches the engine up
            logger.warning("search: engine unavailable, %d keys not indexed: %s", len(keys), exc)
        return
    from .tasks import index_entries

    index_entries.delay(keys)


# --- writing --------------------------------------------------------------------------------


def _facet_rows(entry_row: SearchEntry, entry: Entry) -> list[SearchEntryFacet]:
    return [
        SearchEntryFacet(entry=entry_row, facet=facet, value=value[:100])
        for facet, values in entry.facet_values().items()
        for value in dict.fromkeys(values)
    ]


def _entry_row(entry: Entry) -> SearchEntry:
    return SearchEntry(
        key=entry.key,
        content_type=entry.content_type,
        kind=entry.kind,
        title=entry.title,
        summary=entry.summary,
        body=entry.body,
        attachments=entry.attachments,
        meta=entry.meta,
        url=entry.url[:500],
        date=entry.date,
        year=entry.year,
        visibility=entry.visibility,
        organisation=entry.organisation,
        organisation_name=entry.organisation_name[:200],
        region=entry.region,
    )


def write_database(entries: dict[str, Entry | None]) -> None:
    """Replace the database copy of these keys (delete, then insert what still exists)."""
    with transaction.atomic():
        SearchEntry.objects.filter(key__in=list(entries)).delete()
        present = [e for e in entries.values() if e is not None]
        rows = SearchEntry.objects.bulk_create([_entry_row(e) for e in present])
        facets = [f for row, e in zip(rows, present, strict=True) for f in _facet_rows(row, e)]
        SearchEntryFacet.objects.bulk_create(facets)


def _actions(entries: dict[str, Entry | None], targets: list[str]) -> Iterator[dict]:
    for key, entry in entries.items():
        for index in targets:
            if entry is None:
                yield {"_op_type": "delete", "_index": index, "_id": key}
            else:
                yield {
                    "_op_type": "index",
                    "_index": index,
                    "_id": key,
                    "_source": entry.as_document(),
                }


def _bulk(actions: Iterable[dict], *, refresh: bool) -> int:
    try:
        written, errors = bulk(
            connect(),
            actions,
            refresh=refresh,
            raise_on_error=False,
            raise_on_exception=True,
            chunk_size=500,
        )
    except BulkIndexError as exc:  # pragma: no cover - raise_on_error is off
        errors = exc.errors
        written = 0
    except Exception as exc:
        if is_engine_error(exc):
            raise EngineUnavailable(str(exc)) from exc
        raise
    real_errors = [e for e in errors if not ("delete" in e and e["delete"].get("status") == 404)]
    if real_errors:
        logger.error("search: %d bulk errors, first: %s", len(real_errors), real_errors[0])
    return written


def write_engine(entries: dict[str, Entry | None], *, refresh: bool = True) -> None:
    if not engine_configured() or not entries:
        return
    try:
        targets = ensure_index()
    except Exception as exc:
        if is_engine_error(exc):
            raise EngineUnavailable(str(exc)) from exc
        raise
    _bulk(_actions(entries, targets), refresh=refresh)


def sync_keys(keys: Iterable[str]) -> None:
    """Bring these keys up to date in the database copy and the engine."""
    entries = entries_for_keys(sorted(set(keys)))
    write_database(entries)
    write_engine(entries)


# --- rebuilding -------------------------------------------------------------------------------

Progress = Callable[[int, int], None]  # (done, total)
OLD_INDEX_GRACE_SECONDS = 2.0


@dataclass
class RebuildReport:
    total: int
    index: str = ""
    dropped: tuple[str, ...] = ()
    seconds: float = 0.0


def _batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def expected_total() -> int:
    """How many objects the sources will look at (an upper bound for a progress bar)."""
    return sum(source.queryset().count() for source in SOURCES)


def rebuild_database(*, batch_size: int = 200, progress: Progress | None = None) -> int:
    """Rewrite the database copy batch by batch, then drop rows nothing wrote: readers
    see old or new rows throughout, never an empty table."""
    started = timezone.now()
    total = expected_total()
    done = 0
    for batch in _batched(all_entries(), batch_size):
        write_database({e.key: e for e in batch})
        done += len(batch)
        if progress:
            progress(done, total)
    SearchEntry.objects.filter(indexed_at__lt=started).delete()
    if progress:
        progress(total, total)
    return done


def rebuild_engine(*, batch_size: int = 200, progress: Progress | None = None) -> RebuildReport:
    """Fill a new index while the old one keeps answering, then swap the alias.

    While it fills, the new index carries the `-next` alias, so live updates (which write
    to every index behind either alias) reach it too. Entries the live path changed or
    deleted during the fill are reconciled from the database copy before the swap.
    """
    from .client import scan

    began = time.monotonic()
    client = connect()
    # an earlier rebuild that died left its half-built index behind the -next alias
    live = set(indexes_behind(alias_name()))
    for stale in indexes_behind(next_alias_name()):
        if stale not in live:
            client.indices.delete(index=stale)

    name = new_index_name()
    create_index(name)
    client.indices.update_aliases(
        body={"actions": [{"add": {"index": name, "alias": next_alias_name()}}]}
    )
    started = timezone.now()
    total = expected_total()
    done = 0
    for batch in _batched(all_entries(), batch_size):
        _bulk(_actions({e.key: e for e in batch}, [name]), refresh=False)
        done += len(batch)
        if progress:
            progress(done, total)

    # reconcile with the database copy, which the live path always writes first
    changed = SearchEntry.objects.filter(indexed_at__gte=started).values_list("key", flat=True)
    changed_entries = entries_for_keys(list(changed))
    if changed_entries:
        _bulk(_actions(changed_entries, [name]), refresh=False)
    client.indices.refresh(index=name)
    known = set(SearchEntry.objects.values_list("key", flat=True))
    in_index = {hit["_id"] for hit in scan(client, index=name, _source=False)}
    extra = in_index - known
    if extra:
        _bulk(_actions(dict.fromkeys(extra), [name]), refresh=False)
    client.indices.refresh(index=name)

    old = swap_alias(name)
    if old:
        # a search that resolved the alias just before the swap may still be reading the
        # old index: give it a moment before the shards go away
        time.sleep(OLD_INDEX_GRACE_SECONDS)
    for index in old:
        client.indices.delete(index=index)
    if progress:
        progress(total, total)
    return RebuildReport(
        total=done, index=name, dropped=tuple(old), seconds=time.monotonic() - began
    )
