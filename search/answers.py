"""The answers to a search, kept until what they were read from changes.

A search of a broad word over the M library makes the node (or the database copy) score,
count, highlight and aggregate the facets of tens of thousands of entries: the bulk of
the search page's cost, paid again for every reader of the same words. An answer depends
on nothing but the request (words, filters, sort, page), the reader's class, member of
the coalition or not (`SearchRequest.members`, never the user), the backend that answered
and the glossary it used, and on what the index holds. So it is kept
(core.cache.versioned_cached) under a version token that every write to either copy
replaces: `answers_changed()` runs after a bulk write the node has refreshed (visible to
searches), after a rebuild's alias swap and when indexes are created or dropped;
`copy_changed()` runs when the database copy is written (now and at its commit) and
after its rebuild. An answer computed while the index changed is stored under the token
read before, which is then no longer current, so it is never served.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import get_language

from core.cache import new_version, new_versions_now_and_at_commit, versioned_cached

from .query import glossary_version

VERSION_KEY = "search:answers:version"


def answers_changed() -> None:
    new_version(VERSION_KEY)


def copy_changed() -> None:
    """The database copy changed (in the current transaction, if any): a reader of the rows
    before the commit stored its answer under the token replaced at the commit."""
    new_versions_now_and_at_commit(VERSION_KEY)


def kept_answer(request, compute, *, backend: str = "engine"):
    """`compute()` (`backend`'s SearchResults for `request`) kept by request and class."""
    raw = repr(
        (
            backend,
            glossary_version(),
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
