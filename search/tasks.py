"""Celery tasks of the search: thin, idempotent, taking keys and primary keys."""

import logging

from celery import shared_task
from django.conf import settings

from .client import EngineUnavailable

logger = logging.getLogger(__name__)

# Retries of an engine write: 15 s, 30 s, 1 min … capped at 10 min, eight of them (about
# 40 minutes in all); after that the keys wait in the outbox for the periodic drain.
DEFAULT_MAX_RETRIES = 8
DEFAULT_BACKOFF_SECONDS = 15.0
DEFAULT_BACKOFF_MAX_SECONDS = 600.0


def retry_countdown(retries: int) -> float:
    base = float(getattr(settings, "SEARCH_RETRY_BACKOFF_SECONDS", DEFAULT_BACKOFF_SECONDS))
    cap = float(getattr(settings, "SEARCH_RETRY_BACKOFF_MAX_SECONDS", DEFAULT_BACKOFF_MAX_SECONDS))
    return min(cap, base * 2**retries)


@shared_task(bind=True, max_retries=None, acks_late=True, ignore_result=True)
def index_entries(self, keys: list[str]) -> None:
    """Reload these keys from the database and write them to the fallback and the engine."""
    from .indexing import sync_keys

    try:
        # a worker's attempt, scheduled by the backoff, asks the node even if this process
        # saw it fail a moment ago; in a web request (eager) a dead node is not waited for
        sync_keys(keys, force=not self.request.is_eager)
    except EngineUnavailable as exc:
        # The database copy is written and the keys are in the outbox: nothing is lost
        # whatever happens next. Retrying only makes the engine catch up sooner.
        if self.request.is_eager:
            logger.warning(
                "search: engine unavailable, %d keys wait in the outbox: %s", len(keys), exc
            )
            return
        attempt = self.request.retries + 1
        limit = int(getattr(settings, "SEARCH_INDEX_MAX_RETRIES", DEFAULT_MAX_RETRIES))
        if attempt > limit:
            logger.error(
                "search: engine unavailable after %d attempts, giving up; %d keys wait in "
                "the outbox for the periodic drain: %s",
                attempt,
                len(keys),
                exc,
            )
            return
        countdown = retry_countdown(self.request.retries)
        logger.warning(
            "search: engine unavailable (attempt %d of %d), retrying %d keys in %.1f s",
            attempt,
            limit + 1,
            len(keys),
            countdown,
        )
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="search.drain_pending", acks_late=True, ignore_result=True)
def drain_pending_keys(min_age_seconds: float | None = None) -> int:
    """Periodic (beat) and on the engine's recovery: index what waits in the outbox."""
    from .indexing import drain_pending
    from .outbox import DRAIN_MIN_AGE_SECONDS, backlog

    try:
        return drain_pending(
            min_age_seconds=DRAIN_MIN_AGE_SECONDS if min_age_seconds is None else min_age_seconds
        )
    except EngineUnavailable as exc:
        logger.warning(
            "search: engine still unavailable, %d keys wait in the outbox: %s",
            backlog().count,
            exc,
        )
        return 0


@shared_task(acks_late=True, ignore_result=True)
def extract_document_text(document_id: int) -> None:
    """Extract a library document's text (PDF, DOCX) into LibraryDocument.extracted_text."""
    from .extraction import document_text_extract

    document_text_extract(document_id=document_id)


@shared_task(name="search.glossary_check", acks_late=True, ignore_result=True)
def glossary_check() -> bool:
    """Periodic (beat): rebuild the search copies when the glossary changed since they
    were built (a deploy with a new search/synonyms_cs.txt). True when it rebuilt."""
    from .glossary import rebuild_if_glossary_changed

    try:
        return rebuild_if_glossary_changed().stale
    except EngineUnavailable as exc:
        logger.warning("search: cannot check the glossary, engine unavailable: %s", exc)
        return False
