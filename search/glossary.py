"""Whether the search copies were built with the glossary the code now reads.

The glossary (search/synonyms_cs.txt) is read by the engine when an index is created and
by the database copy when entries are filled, so a change of the file reaches searches
only through a rebuild: a new engine index swapped in behind the alias, and the database
copy refilled. Each copy records the glossary's fingerprint (search.query.glossary_version):
the engine index in its mapping's `_meta`, the PostgreSQL copy in `portal_search_state`.
`rebuild_if_glossary_changed` (the command `search_rebuild --if-glossary-changed` and the
periodic task `search.glossary_check`) compares and rebuilds what is stale.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import connection

from .client import EngineUnavailable, NotFound, connect, engine_configured, engine_error
from .documents import ADMIN_TIMEOUT, alias_name
from .query import glossary_version

logger = logging.getLogger(__name__)
META_KEY = "glossary"


def engine_glossary_version() -> str | None:
    """The fingerprint the live engine index was built with; None when there is none."""
    try:
        mappings = connect().indices.get_mapping(index=alias_name(), request_timeout=ADMIN_TIMEOUT)
    except NotFound:
        return None
    except Exception as exc:
        if engine_error(exc):
            raise EngineUnavailable(str(exc)) from exc
        raise
    versions = {m.get("mappings", {}).get("_meta", {}).get(META_KEY) for m in mappings.values()}
    return versions.pop() if len(versions) == 1 else None


def database_glossary_version() -> str | None:
    if connection.vendor != "postgresql":
        return glossary_version()  # SQLite expands the glossary at query time only
    from .backends import postgres
    from .backends.matching import pg_synonyms

    return glossary_version() if postgres.synonyms_version() == pg_synonyms().version else None


@dataclass(frozen=True)
class GlossaryState:
    current: str
    engine_stale: bool
    database_stale: bool

    @property
    def stale(self) -> bool:
        return self.engine_stale or self.database_stale


def glossary_state() -> GlossaryState:
    current = glossary_version()
    engine_stale = False
    if engine_configured():
        engine_stale = engine_glossary_version() != current
    return GlossaryState(
        current=current,
        engine_stale=engine_stale,
        database_stale=database_glossary_version() != current,
    )


def rebuild_if_glossary_changed() -> GlossaryState:
    """Rebuild the copies built with another glossary (the engine through a new index and
    the alias swap); returns the state found before."""
    from .outbox import pending_tokens, release_pending
    from .rebuild import rebuild_database, rebuild_engine

    state = glossary_state()
    if not state.stale:
        return state
    logger.info(
        "search: the glossary changed (engine stale: %s, database stale: %s), rebuilding",
        state.engine_stale,
        state.database_stale,
    )
    waiting = pending_tokens()
    rebuild_database()
    if engine_configured():
        rebuild_engine(release=waiting)
    else:
        release_pending(waiting)
    return state
