"""Text of library documents (PDF, DOCX) for the search index."""

from __future__ import annotations

import logging
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from knowledge.models import KnowledgeItemAttachment, LibraryDocument

from .indexing import queue_keys

logger = logging.getLogger(__name__)

MAX_CHARS = 200_000


def _pdf_text(fileobj) -> str:
    from pypdf import PdfReader

    reader = PdfReader(fileobj)
    parts = []
    size = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size >= MAX_CHARS:
            break
    return "\n".join(parts)


def _docx_text(fileobj) -> str:
    import docx

    document = docx.Document(fileobj)
    parts = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(parts)


EXTRACTORS = {".pdf": _pdf_text, ".docx": _docx_text}


def extract_text(fileobj, filename: str) -> str:
    """Plain text of a PDF or DOCX file; "" for other formats or a file that cannot be read
    (a broken upload must not stop indexing)."""
    extractor = EXTRACTORS.get(PurePath(filename).suffix.lower())
    if extractor is None:
        return ""
    try:
        text = extractor(fileobj)
    except Exception:  # pypdf and python-docx raise many kinds of errors on bad files
        logger.warning("search: could not extract text of %s", filename, exc_info=True)
        return ""
    return text.replace("\x00", " ")[:MAX_CHARS]


def queue_document_extraction(document_id: int) -> None:
    """Extract the document's text after the current transaction commits."""

    def dispatch():
        if getattr(settings, "SEARCH_INDEX_SYNC", False):
            document_text_extract(document_id=document_id)
        else:
            from .tasks import extract_document_text

            extract_document_text.delay(document_id)

    transaction.on_commit(dispatch)


def document_text_extract(*, document_id: int) -> bool:
    """Store the text of one document and reindex the items it is attached to.

    Idempotent; returns False when the document no longer exists."""
    document = LibraryDocument.objects.filter(pk=document_id).first()
    if document is None:
        return False
    try:
        with document.file.open("rb") as fileobj:
            text = extract_text(fileobj, document.file.name)
    except OSError:
        logger.warning("search: file of document %s is missing", document_id)
        text = ""
    with transaction.atomic():
        # update(), not save(): saving would fire post_save and queue this task again
        LibraryDocument.objects.filter(pk=document_id).update(
            extracted_text=text, text_extracted_at=timezone.now()
        )
        page_ids = KnowledgeItemAttachment.objects.filter(document_id=document_id).values_list(
            "page_id", flat=True
        )
        queue_keys(f"page:{pk}" for pk in set(page_ids))
    return True
