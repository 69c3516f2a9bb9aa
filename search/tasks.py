"""Celery tasks of the search: thin, idempotent, taking keys and primary keys."""

import logging

from celery import shared_task

from .client import EngineUnavailable

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=8, acks_late=True, ignore_result=True)
def index_entries(self, keys: list[str]) -> None:
    """Reload these keys from the database and write them to the fallback and the engine."""
    from .indexing import sync_keys

    try:
        sync_keys(keys)
    except EngineUnavailable as exc:
        # The database copy is written already; the engine catches up on a retry (or at
        # the next `search_rebuild`, when it stays down).
        if self.request.is_eager:
            logger.warning("search: engine unavailable, %d keys not indexed: %s", len(keys), exc)
            return
        raise self.retry(exc=exc, countdown=min(600, 15 * 2**self.request.retries)) from exc


@shared_task(acks_late=True, ignore_result=True)
def extract_document_text(document_id: int) -> None:
    """Extract a library document's text (PDF, DOCX) into LibraryDocument.extracted_text."""
    from .extraction import document_text_extract

    document_text_extract(document_id=document_id)
