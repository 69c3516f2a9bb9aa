"""Rebuilding the index from scratch, while searches keep answering.

`rebuild_database` rewrites the database copy batch by batch; `rebuild_engine` fills a new
engine index beside the live one (parallel bulk requests, `send_batch`), reconciles it with
what the live path changed meanwhile, and swaps the alias atomically.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from . import client as engine_client
from .answers import copy_changed
from .client import EngineUnavailable, NotFound, connect
from .client import engine_error as is_engine_error
from .documents import (
    ADMIN_TIMEOUT,
    alias_name,
    create_index,
    finish_building,
    indexes_behind,
    new_index_name,
    next_alias_name,
    swap_alias,
)
from .indexing import _actions, _bulk, write_database
from .models import SearchEntry
from .outbox import batched, release_pending
from .sources import SOURCES, Entry, all_entries_fast, entries_for_keys

logger = logging.getLogger(__name__)

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


def expected_total() -> int:
    """How many objects the sources will look at (an upper bound for a progress bar)."""
    return sum(source.queryset().count() for source in SOURCES)


def rebuild_database(*, batch_size: int = 1000, progress: Progress | None = None) -> int:
    """Rewrite the database copy batch by batch, then drop rows nothing wrote: readers
    see old or new rows throughout, never an empty table."""
    started = timezone.now()
    total = expected_total()
    done = 0
    for batch in batched(all_entries_fast(), batch_size):
        write_database({e.key: e for e in batch})
        done += len(batch)
        if progress:
            progress(done, total)
    SearchEntry.objects.filter(indexed_at__lt=started).delete()
    if connection.vendor == "postgresql":
        # every entry now holds this code's synonym tokens: searches may ask for them
        from .backends import postgres
        from .backends.matching import pg_synonyms

        postgres.set_synonyms_version(pg_synonyms().version)
    copy_changed()  # the rows nothing wrote are gone, the synonym tokens may be asked for
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


def _merge_in_background(client, name: str) -> None:
    """Ask the node to merge the new index into one segment, without waiting for it.

    A rebuild leaves a segment per flush of the node's indexing buffer (eleven at M);
    a search rewrites its typo expansions and builds its scorers once per segment, so
    a new search costs the node about half as much CPU on the merged index (93 against
    170 ms at M, bench/README.md "Search at M"). The index answers from its old segments
    until the merge is done (15-20 s at M); a failure leaves it as it is."""
    try:
        client.indices.forcemerge(
            index=name,
            params={"max_num_segments": 1, "wait_for_completion": "false"},
            request_timeout=ADMIN_TIMEOUT,
        )
    except Exception as exc:  # noqa: BLE001 - an optimisation; the index serves as it is
        logger.warning("search: could not start merging %s: %s", name, exc)


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
    before the database copy was rebuilt (`outbox.pending_tokens`), which this rebuild covers.
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
    _merge_in_background(client, name)
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
