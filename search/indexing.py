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
by the engine's recovery (`client.mark_up`).

`rebuild` builds a new engine index beside the live one and swaps the alias atomically.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from . import client as engine_client
from .client import (
    BulkIndexError,
    EngineUnavailable,
    NotFound,
    bulk,
    connect,
    engine_configured,
)
from .client import engine_error as is_engine_error
from .documents import (
    ADMIN_TIMEOUT,
    alias_name,
    create_index,
    ensure_index,
    finish_building,
    indexes_behind,
    new_index_name,
    next_alias_name,
    swap_alias,
)
from .models import PendingIndexKey, SearchEntry, SearchEntryFacet
from .sources import SOURCES, Entry, all_entries_fast, entries_for_keys, key_for

logger = logging.getLogger(__name__)

_local = threading.local()


# --- queueing -----------------------------------------------------------------------------


def _pending() -> set[str]:
    if not hasattr(_local, "keys"):
        _local.keys = set()
    return _local.keys


def record_pending(keys: Iterable[str]) -> None:
    """Put these keys in the outbox, each with a fresh token (in the caller's transaction)."""
    keys = sorted(set(keys))  # one lock order for concurrent writers
    if not keys:
        return
    now = timezone.now()
    PendingIndexKey.objects.bulk_create(
        [PendingIndexKey(key=key, token=uuid.uuid4(), queued_at=now) for key in keys],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token", "queued_at"],
    )


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


def fill_postgres(ids: list[int]) -> None:
    """The fallback's narrow tables for these entries, with the running code's synonym
    tokens (search/migrations/0004_match_tables.py, 0005_synonym_tokens.py)."""
    from .backends.database import pg_synonyms

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
    engine_client.note_success()


def sync_keys(keys: Iterable[str], *, force: bool = False) -> None:
    """Bring these keys up to date in the database copy and the engine; they leave the
    outbox once both hold them. EngineUnavailable leaves them there, with the attempt noted."""
    keys = sorted(set(keys))
    # Read the tokens before the entries: a change queued after this read gets a new token,
    # so its row survives the release below and is indexed again later.
    tokens = list(PendingIndexKey.objects.filter(key__in=keys).values_list("token", flat=True))
    entries = entries_for_keys(keys)
    write_database(entries)
    try:
        write_engine(entries, force=force)
    except EngineUnavailable as exc:
        note_attempt(keys, exc)
        raise
    release_pending(tokens)


def release_pending(tokens: Iterable[uuid.UUID]) -> int:
    """Remove outbox rows whose token is still the one read before the write."""
    tokens = list(tokens)
    deleted = 0
    for batch in _batched(tokens, 1000):
        deleted += PendingIndexKey.objects.filter(token__in=batch).delete()[0]
    return deleted


def note_attempt(keys: list[str], exc: Exception) -> None:
    PendingIndexKey.objects.filter(key__in=keys).update(
        attempts=F("attempts") + 1,
        last_attempt_at=timezone.now(),
        last_error=f"{exc.__class__.__name__}: {exc}"[:300],
    )


# --- the outbox ---------------------------------------------------------------------------

# The periodic drain leaves younger rows to the task their change queued.
DRAIN_MIN_AGE_SECONDS = 30


@dataclass
class Backlog:
    count: int
    oldest: object = None  # datetime of the oldest queued change
    max_attempts: int = 0
    last_error: str = ""


def backlog() -> Backlog:
    """What waits in the outbox (for `search_status` and the health endpoint)."""
    from django.db.models import Count, Max, Min

    figures = PendingIndexKey.objects.aggregate(
        count=Count("pk"), oldest=Min("queued_at"), attempts=Max("attempts")
    )
    last_error = ""
    if figures["count"]:
        last_error = (
            PendingIndexKey.objects.exclude(last_error="")
            .order_by("-last_attempt_at")
            .values_list("last_error", flat=True)
            .first()
            or ""
        )
    return Backlog(
        count=figures["count"],
        oldest=figures["oldest"],
        max_attempts=figures["attempts"] or 0,
        last_error=last_error,
    )


def drain_pending(*, min_age_seconds: float = 0, batch_size: int = 500) -> int:
    """Index every key in the outbox (queued at least `min_age_seconds` ago), batch by
    batch in key order. Idempotent: each key is reloaded from the database. Raises
    EngineUnavailable when the node still fails; what was drained until then stays done."""
    cutoff = timezone.now() - timedelta(seconds=min_age_seconds)
    drained = 0
    after = ""
    while True:
        batch = list(
            PendingIndexKey.objects.filter(queued_at__lte=cutoff, key__gt=after)
            .order_by("key")
            .values_list("key", flat=True)[:batch_size]
        )
        if not batch:
            break
        sync_keys(batch, force=True)
        drained += len(batch)
        after = batch[-1]
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


# --- rebuilding -------------------------------------------------------------------------------

Progress = Callable[[int, int], None]  # (done, total)
# After the swap a search that resolved the alias just before it may still be reading the
# old index: it is dropped once no search reads it, at least this long after the swap and
# at most OLD_INDEX_GRACE_SECONDS.
OLD_INDEX_MIN_GRACE_SECONDS = 0.25
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


def rebuild_database(*, batch_size: int = 1000, progress: Progress | None = None) -> int:
    """Rewrite the database copy batch by batch, then drop rows nothing wrote: readers
    see old or new rows throughout, never an empty table."""
    started = timezone.now()
    total = expected_total()
    done = 0
    for batch in _batched(all_entries_fast(), batch_size):
        write_database({e.key: e for e in batch})
        done += len(batch)
        if progress:
            progress(done, total)
    SearchEntry.objects.filter(indexed_at__lt=started).delete()
    if connection.vendor == "postgresql":
        # every entry now holds this code's synonym tokens: searches may ask for them
        from .backends import postgres
        from .backends.database import pg_synonyms

        postgres.set_synonyms_version(pg_synonyms().version)
    if progress:
        progress(total, total)
    return done


# Documents per bulk request and parallel requests while a rebuild fills the new index.
REBUILD_CHUNK = 500
REBUILD_THREADS = 2


def send_batch(client, actions: Iterable[dict]) -> tuple[int, list]:
    """Index actions, sent as a rebuild sends them (REBUILD_THREADS parallel bulk requests
    of REBUILD_CHUNK documents): (documents sent, the items that failed)."""
    from .client import parallel_bulk

    sent, failed = 0, []
    try:
        for ok, item in parallel_bulk(
            client,
            actions,
            thread_count=REBUILD_THREADS,
            chunk_size=REBUILD_CHUNK,
            max_chunk_bytes=20 * 1024 * 1024,
            raise_on_error=False,
            raise_on_exception=True,
            request_timeout=ADMIN_TIMEOUT,
        ):
            sent += 1
            if not ok:
                failed.append(item)
    except Exception as exc:
        if is_engine_error(exc):
            raise EngineUnavailable(str(exc)) from exc
        raise
    return sent, failed


_END = object()


def _fill(client, name: str, entries: Iterable[Entry], progress, total) -> tuple[int, set[str]]:
    """Send entries to the index `name`: (documents written, the keys sent).

    This thread reads the database (inside the caller's transaction) and builds the
    documents; a sender thread streams them through one `parallel_bulk`, so the node
    always has the next bulk requests waiting instead of idling between batches. A
    bounded queue between the two keeps memory flat."""
    from queue import Queue

    queue: Queue = Queue(maxsize=REBUILD_CHUNK * (REBUILD_THREADS + 2))
    keys: set[str] = set()
    outcome: dict = {"sent": 0, "failed": [], "error": None}

    def stream() -> Iterator[dict]:
        while (action := queue.get()) is not _END:
            yield action

    def send() -> None:
        try:
            outcome["sent"], outcome["failed"] = send_batch(client, stream())
        except BaseException as exc:  # noqa: BLE001 - raised in the building thread below
            outcome["error"] = exc
            while queue.get() is not _END:  # let the builder finish; it stops at once
                pass

    sender = threading.Thread(target=send, name="search-fill", daemon=True)
    sender.start()
    built = 0
    try:
        for entry in entries:
            if outcome["error"] is not None:
                break
            queue.put(
                {
                    "_op_type": "index",
                    "_index": name,
                    "_id": entry.key,
                    "_source": entry.as_document(),
                }
            )
            keys.add(entry.key)
            built += 1
            if progress and built % REBUILD_CHUNK == 0:
                progress(built, total)
    finally:
        queue.put(_END)
        sender.join()
    if outcome["error"] is not None:
        raise outcome["error"]
    errors = outcome["failed"]
    if errors:
        logger.error("search: %d bulk errors in the rebuild, first: %s", len(errors), errors[0])
    return outcome["sent"] - len(errors), keys


def _drop_when_unread(client, indexes: list[str]) -> None:
    """Delete these indexes (just swapped out) once no search is reading them."""
    time.sleep(OLD_INDEX_MIN_GRACE_SECONDS)
    deadline = time.monotonic() + OLD_INDEX_GRACE_SECONDS - OLD_INDEX_MIN_GRACE_SECONDS
    while time.monotonic() < deadline:
        try:
            stats = client.indices.stats(index=",".join(indexes), metric="search")
        except NotFound:  # another rebuild dropped one of them first
            break
        reading = stats["_all"]["total"].get("search", {})
        if not any(reading.get(f"{phase}_current") for phase in ("query", "fetch", "scroll")):
            break
        time.sleep(0.05)
    for index in indexes:
        client.indices.delete(index=index, ignore_unavailable=True)


def pending_tokens() -> list[uuid.UUID]:
    """The outbox as it is now: a full rebuild started after this read covers these rows
    (`release_pending` once both the database copy and the engine are rebuilt)."""
    return list(PendingIndexKey.objects.values_list("token", flat=True))


def rebuild_engine(
    *,
    batch_size: int = 500,
    progress: Progress | None = None,
    release: list[uuid.UUID] | None = None,
) -> RebuildReport:
    """Fill a new index while the old one keeps answering, then swap the alias.

    The new index is filled without refreshes or replicas (restored before the swap) by
    parallel bulk requests, from entries built out of plain rows. While it fills it
    carries the `-next` alias, so live updates (which write to every index behind either
    alias) reach it too. Entries the live path changed or deleted during the fill are
    reconciled from the database copy before the swap. `release`: outbox tokens read
    before the database copy was rebuilt (`pending_tokens`), which this rebuild covers.
    """
    began = time.monotonic()
    client = connect()
    # an earlier rebuild that died left its half-built index behind the -next alias
    live = set(indexes_behind(alias_name()))
    for stale in indexes_behind(next_alias_name()):
        if stale not in live:
            client.indices.delete(index=stale)

    name = new_index_name()
    create_index(name, building=True)
    client.indices.update_aliases(
        body={"actions": [{"add": {"index": name, "alias": next_alias_name()}}]},
        request_timeout=ADMIN_TIMEOUT,
    )
    started = timezone.now()
    total = expected_total()
    done, sent = _fill(client, name, all_entries_fast(), progress, total)
    if progress:
        progress(done, total)

    # reconcile with the database copy, which the live path always writes first
    changed = SearchEntry.objects.filter(indexed_at__gte=started).values_list("key", flat=True)
    changed_entries = entries_for_keys(list(changed))
    if changed_entries:
        _bulk(_actions(changed_entries, [name]), refresh=False)
    # Sent by the fill but deleted since: the fill read them before the live path deleted
    # them, whose delete found nothing in this index yet. (What the live path indexed
    # here and deleted later, it deleted here too.)
    gone = sent - set(SearchEntry.objects.values_list("key", flat=True))
    if gone:
        _bulk(_actions(dict.fromkeys(gone), [name]), refresh=False)
    finish_building(name)

    old = swap_alias(name)
    if old:
        _drop_when_unread(client, old)
    if release:
        release_pending(release)
    engine_client.note_success()
    if progress:
        progress(total, total)
    return RebuildReport(
        total=done, index=name, dropped=tuple(old), seconds=time.monotonic() - began
    )
