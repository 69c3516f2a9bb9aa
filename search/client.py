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
from collections.abc import Callable

from django.conf import settings
from opensearchpy import (
    A,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    MultiSearch,
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
from opensearchpy.helpers import BulkIndexError, bulk, parallel_bulk, scan, streaming_bulk

__all__ = [
    "A",
    "BulkIndexError",
    "Date",
    "Document",
    "EngineUnavailable",
    "Index",
    "Integer",
    "Keyword",
    "MultiSearch",
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
    "mark_up",
    "note_success",
    "on_recovery",
    "parallel_bulk",
    "recently_down",
    "scan",
    "streaming_bulk",
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
# URLs seen failing and not seen answering since: their next success is a recovery.
_failed: set[str] = set()
_recovery_hooks: list[Callable[[], None]] = []
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
                # a rebuild sends from several threads; without this urllib3 keeps one
                # connection and opens (then discards) a new one for every other request
                pool_maxsize=8,
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


def on_recovery(hook: Callable[[], None]) -> None:
    """Call `hook` when the node answers again after a failure (the indexer drains the keys
    that could not reach it). Hooks run in the calling process; they must not raise."""
    if hook not in _recovery_hooks:
        _recovery_hooks.append(hook)


def mark_down() -> None:
    url = settings.ELASTICSEARCH_URL
    if url:
        _down_until[url] = time.monotonic() + DOWN_FOR_SECONDS
        _failed.add(url)


def mark_up() -> bool:
    """The node answers: ask it again at once. When it had failed before, this is its
    recovery and the recovery hooks run. Returns whether it was a recovery."""
    url = settings.ELASTICSEARCH_URL or ""
    _down_until.pop(url, None)
    with _lock:
        recovered = url in _failed
        _failed.discard(url)
    if recovered:
        logger.info("search: the node answers again")
        for hook in list(_recovery_hooks):
            try:
                hook()
            except Exception:  # noqa: BLE001 - a hook must not break the caller
                logger.exception("search: recovery hook %s failed", getattr(hook, "__name__", hook))
    return recovered


def note_success() -> None:
    """A request to the node succeeded: a recovery when it had failed (cheap otherwise)."""
    if _failed and (settings.ELASTICSEARCH_URL or "") in _failed:
        mark_up()


def reset_state() -> None:
    """Forget failures without running the recovery hooks (tests)."""
    _down_until.clear()
    _failed.clear()


def recently_down() -> bool:
    until = _down_until.get(settings.ELASTICSEARCH_URL or "")
    return until is not None and time.monotonic() < until
