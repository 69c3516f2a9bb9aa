"""The engine's answers to a search, kept until the index changes.

A search of a broad word over the M library makes the node score, count, highlight and
aggregate the facets of tens of thousands of entries: the bulk of the search page's cost,
paid again for every reader of the same words. An answer depends on nothing but the
request (words, filters, sort, page) and the reader's class, member of the coalition or
not (`SearchRequest.members`, never the user), and on what the index holds. So it is kept
(core.cache.versioned_cached) under a version token that every write to the index
replaces: `answers_changed()` runs after a bulk write the node has refreshed (visible to
searches), after a rebuild's alias swap and when indexes are created or dropped. An
answer computed while the index changed is stored under the token read before, which is
then no longer current, so it is never served. Answers of the database fallback (the
node down) are not kept.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import get_language

from core.cache import new_version, versioned_cached

VERSION_KEY = "search:answers:version"


def answers_changed() -> None:
    new_version(VERSION_KEY)


def kept_answer(request, compute):
    """`compute()` (the engine's SearchResults for `request`) kept by request and class."""
    raw = repr(
        (
            request.query.text,
            request.members,
            sorted(request.filters.items()),
            request.sort,
            request.page,
            request.page_size,
            get_language() or "",
        )
    )
    reader_class = "member" if request.members else "public"
    key = f"search:answer:{reader_class}:{hashlib.sha256(raw.encode()).hexdigest()}"
    return versioned_cached(VERSION_KEY, key, compute)
