"""The one module that imports the search engine's client library.

The engine is OpenSearch 2.x (docs/decisions/0001-search-engine.md), spoken to through
opensearch-py, whose DSL keeps elasticsearch-dsl's API (Document, Search, Q, A, analysers).
Switching back to Elasticsearch 8 means changing the imports below to `elasticsearch` and
`elasticsearch_dsl` and the client constructor in `connect`; nothing else in the app names
the library.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from opensearchpy import (
    A,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    OpenSearch,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)
from opensearchpy import ConnectionError as _ConnectionError
from opensearchpy import ConnectionTimeout as _ConnectionTimeout
from opensearchpy import NotFoundError as _NotFoundError
from opensearchpy import TransportError as _TransportError
from opensearchpy.helpers import BulkIndexError, bulk, scan

__all__ = [
    "A",
    "BulkIndexError",
    "Date",
    "Document",
    "EngineUnavailable",
    "Index",
    "Integer",
    "Keyword",
    "NotFound",
    "Q",
    "Search",
    "Text",
    "analyzer",
    "bulk",
    "connect",
    "engine_configured",
    "engine_error",
    "mark_down",
    "recently_down",
    "scan",
    "token_filter",
]

logger = logging.getLogger(__name__)

NotFound = _NotFoundError

# A request to a node that does not answer fails fast: a visitor waits at most this long
# before the page answers from the database instead.
REQUEST_TIMEOUT = 5
# After a failure the node is not asked again for this long (per URL, per process).
DOWN_FOR_SECONDS = 20


class EngineUnavailable(Exception):
    """The search node is not configured, does not answer, or answers with a server error."""


_clients: dict[str, OpenSearch] = {}
_down_until: dict[str, float] = {}
_lock = threading.Lock()


def engine_configured() -> bool:
    return bool(getattr(settings, "ELASTICSEARCH_URL", None))


def connect() -> OpenSearch:
    """A client for ELASTICSEARCH_URL, cached per URL (tests point it elsewhere)."""
    url = settings.ELASTICSEARCH_URL
    if not url:
        raise EngineUnavailable("ELASTICSEARCH_URL is not set")
    with _lock:
        client = _clients.get(url)
        if client is None:
            client = OpenSearch(
                hosts=[url],
                timeout=REQUEST_TIMEOUT,
                max_retries=0,
                retry_on_timeout=False,
                http_compress=False,
            )
            _clients[url] = client
    return client


def engine_error(exc: Exception) -> bool:
    """True when `exc` means the node is unreachable or broken (not a bad request)."""
    if isinstance(exc, _ConnectionError | _ConnectionTimeout):
        return True
    if isinstance(exc, _TransportError):
        status = exc.status_code
        return not isinstance(status, int) or status >= 500
    return False


def mark_down() -> None:
    url = settings.ELASTICSEARCH_URL
    if url:
        _down_until[url] = time.monotonic() + DOWN_FOR_SECONDS


def mark_up() -> None:
    _down_until.pop(settings.ELASTICSEARCH_URL or "", None)


def recently_down() -> bool:
    until = _down_until.get(settings.ELASTICSEARCH_URL or "")
    return until is not None and time.monotonic() < until
