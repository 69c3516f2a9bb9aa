"""Keeping the index in step with the database.

Signal handlers call `queue_keys`: the keys are recorded in the index's outbox
(`PendingIndexKey`) in the transaction of the change itself, and collected for the running
transaction and handed to Celery in one task once it commits (`transaction.on_commit`), so
a rolled-back change never reaches the index and a publish that touches a page many times
is indexed once. The task (`search.tasks.index_entries`) calls `sync_keys`, which reloads
each key from the database and writes the result in bulk: first to the database copy (the
fallback), then to the engine; only then does the key leave the outbox. A key whose object
is gone, unpublished or never indexable is removed.

Whatever could not reach the engine (node down, broker down, worker lost) stays in the
outbox; `drain_pending` catches it up, run by the periodic task `search.drain_pending` and
by the engine's recovery (`client.mark_up`). The outbox itself is search.outbox; a full
rebuild (alias swap) is search.rebuild.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import connection, transaction

from . import client as engine_client
from .answers import answers_changed, copy_changed
from .client import BulkIndexError, EngineUnavailable, bulk, connect, engine_configured
from .client import engine_error as is_engine_error
from .documents import ensure_index
from .models import SearchEntry, SearchEntryFacet
from .outbox import note_attempt, record_pending, release_pending, tokens_of, waiting_batches
from .sources import Entry, entries_for_keys, key_for

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
    # In the change's own transaction: the outbox row commits (or rolls back) with it.
    record_pending(keys)
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
            # the database copy is written; the keys wait in the outbox for the drain
            logger.warning(
                "search: engine unavailable, %d keys wait in the outbox: %s", len(keys), exc
            )
        return
    from .tasks import index_entries

    try:
        index_entries.delay(keys)
    except Exception as exc:  # noqa: BLE001 - the change is committed; the outbox has the keys
        logger.warning(
            "search: indexing task not queued (%s), %d keys wait in the outbox for the drain",
            exc.__class__.__name__,
            len(keys),
        )


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
        if rows and connection.vendor == "postgresql":
            fill_postgres([row.pk for row in rows])
        copy_changed()


def fill_postgres(ids: list[int]) -> None:
    """The fallback's narrow tables for these entries, with the running code's synonym
    tokens (search/migrations/0004_match_tables.py, 0005_synonym_tokens.py)."""
    from .backends.matching import pg_synonyms

    queries = pg_synonyms().queries
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT portal_search_fill(%s, %s, %s)", [ids, list(queries), list(queries.values())]
        )


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


def write_engine(
    entries: dict[str, Entry | None], *, refresh: bool = True, force: bool = False
) -> None:
    """Write these entries to every live index. A node that failed a moment ago is not
    asked again (EngineUnavailable at once) unless `force` (the drain probes it)."""
    if not engine_configured() or not entries:
        return
    if not force and engine_client.recently_down():
        raise EngineUnavailable("the node failed a moment ago")
    try:
        targets = ensure_index()
        _bulk(_actions(entries, targets), refresh=refresh)
    except EngineUnavailable:
        engine_client.mark_down()
        raise
    except Exception as exc:
        if is_engine_error(exc):
            engine_client.mark_down()
            raise EngineUnavailable(str(exc)) from exc
        raise
    # After the write (refreshed, so searches see it): kept answers are outdated.
    answers_changed()
    engine_client.note_success()


def sync_keys(keys: Iterable[str], *, force: bool = False) -> None:
    """Bring these keys up to date in the database copy and the engine; they leave the
    outbox once both hold them. EngineUnavailable leaves them there, with the attempt noted."""
    keys = sorted(set(keys))
    # Read the tokens before the entries: a change queued after this read gets a new token,
    # so its row survives the release below and is indexed again later.
    tokens = tokens_of(keys)
    entries = entries_for_keys(keys)
    write_database(entries)
    try:
        write_engine(entries, force=force)
    except EngineUnavailable as exc:
        note_attempt(keys, exc)
        raise
    release_pending(tokens)


# --- catching up -------------------------------------------------------------------------


def drain_pending(*, min_age_seconds: float = 0, batch_size: int = 500) -> int:
    """Index every key in the outbox (queued at least `min_age_seconds` ago), batch by
    batch in key order. Idempotent: each key is reloaded from the database. Raises
    EngineUnavailable when the node still fails; what was drained until then stays done."""
    drained = 0
    for batch in waiting_batches(min_age_seconds=min_age_seconds, batch_size=batch_size):
        sync_keys(batch, force=True)
        drained += len(batch)
    if drained:
        logger.info("search: %d keys from the outbox indexed", drained)
    return drained


def _engine_recovered() -> None:
    """The node answers again: catch up what waited for it."""
    if getattr(settings, "SEARCH_INDEX_SYNC", False):
        try:
            drain_pending()
        except EngineUnavailable as exc:
            logger.warning("search: drain after recovery stopped: %s", exc)
        return
    from .tasks import drain_pending_keys

    drain_pending_keys.delay(min_age_seconds=0)


engine_client.on_recovery(_engine_recovered)
