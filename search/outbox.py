"""The index's outbox: the keys whose change has not reached both copies of the index yet.

A change records its keys here (`record_pending`) in its own transaction, each with a fresh
token. The indexer (search.indexing) reads the tokens before it writes and releases only
those rows afterwards (`release_pending`), so a key changed again meanwhile stays queued.
Whatever could not reach the engine waits here with its attempts noted, until the drain
(`search.indexing.drain_pending`) or a full rebuild (search.rebuild) catches it up.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from django.db.models import Count, F, Max, Min
from django.utils import timezone

from .models import PendingIndexKey

# The periodic drain leaves younger rows to the task their change queued.
DRAIN_MIN_AGE_SECONDS = 30


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last one shorter); itertools.batched needs Python 3.12."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


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


def tokens_of(keys: list[str]) -> list[uuid.UUID]:
    """The current tokens of these keys, read before their entries are written."""
    return list(PendingIndexKey.objects.filter(key__in=keys).values_list("token", flat=True))


def pending_tokens() -> list[uuid.UUID]:
    """The outbox as it is now: a full rebuild started after this read covers these rows
    (`release_pending` once both the database copy and the engine are rebuilt)."""
    return list(PendingIndexKey.objects.values_list("token", flat=True))


def release_pending(tokens: Iterable[uuid.UUID]) -> int:
    """Remove outbox rows whose token is still the one read before the write."""
    tokens = list(tokens)
    deleted = 0
    for batch in batched(tokens, 1000):
        deleted += PendingIndexKey.objects.filter(token__in=batch).delete()[0]
    return deleted


def note_attempt(keys: list[str], exc: Exception) -> None:
    PendingIndexKey.objects.filter(key__in=keys).update(
        attempts=F("attempts") + 1,
        last_attempt_at=timezone.now(),
        last_error=f"{exc.__class__.__name__}: {exc}"[:300],
    )


def waiting_batches(*, min_age_seconds: float = 0, batch_size: int = 500) -> Iterator[list[str]]:
    """The keys queued at least `min_age_seconds` ago, batch by batch in key order. Each
    batch is read after the previous one was handled, from the key it stopped at."""
    cutoff = timezone.now() - timedelta(seconds=min_age_seconds)
    after = ""
    while True:
        batch = list(
            PendingIndexKey.objects.filter(queued_at__lte=cutoff, key__gt=after)
            .order_by("key")
            .values_list("key", flat=True)[:batch_size]
        )
        if not batch:
            return
        yield batch
        after = batch[-1]


@dataclass
class Backlog:
    count: int
    oldest: object = None  # datetime of the oldest queued change
    max_attempts: int = 0
    last_error: str = ""


def backlog() -> Backlog:
    """What waits in the outbox (for `search_status` and the health endpoint)."""
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
