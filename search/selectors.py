"""Reads of the search: every answer is filtered by the asking user's membership."""

from __future__ import annotations

import logging

from partners.selectors import user_is_coalition_member

from .answers import kept_answer
from .backends import SORT_RELEVANCE, SearchRequest
from .backends import database as database_backend
from .backends import engine as engine_backend
from .client import EngineUnavailable, engine_configured, recently_down
from .query import parse_query
from .results import SearchResults, Suggestion

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 50
# The engine pages at most 10 000 hits deep; nobody reads past page 200 anyway.
MAX_PAGE = 200


def engine_in_use() -> bool:
    """Whether a search now would ask the engine first."""
    return engine_configured() and not recently_down()


def search_content(
    user,
    *,
    query: str = "",
    filters: dict[str, str] | None = None,
    sort: str = SORT_RELEVANCE,
    page: int = 1,
    page_size: int = 10,
) -> SearchResults:
    """Knowledge items, news, pages, projects, organisations and programmes matching the
    query and filters that `user` may see. Answers from the engine, or from the database
    (with `limited` set) when no engine is configured or it does not answer."""
    request = SearchRequest(
        query=parse_query(query),
        members=user_is_coalition_member(user),
        filters={k: v for k, v in (filters or {}).items() if v},
        sort=sort,
        page=min(max(1, page), MAX_PAGE),
        page_size=min(max(1, page_size), MAX_PAGE_SIZE),
    )
    if engine_in_use():
        try:
            return kept_answer(request, lambda: engine_backend.search(request))
        except EngineUnavailable as exc:
            logger.warning("search: engine unavailable, answering from the database: %s", exc)
    return kept_answer(request, lambda: database_backend.search(request), backend="database")


def autocomplete_titles(user, *, prefix: str, limit: int = 8) -> list[Suggestion]:
    prefix = " ".join(prefix.split())[:100]
    if len(prefix) < 2:
        return []
    members = user_is_coalition_member(user)
    if engine_in_use():
        try:
            return engine_backend.autocomplete(prefix, members=members, limit=limit)
        except EngineUnavailable as exc:
            logger.warning("search: engine unavailable for autocomplete: %s", exc)
    return database_backend.autocomplete(prefix, members=members, limit=limit)


def pending_changes_count() -> int:
    """Changes waiting in the index's outbox for the node (a count, no data)."""
    from .models import PendingIndexKey

    return PendingIndexKey.objects.count()
