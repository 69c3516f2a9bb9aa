"""The database copy of the search index, which the fallback searches.

Every entry the engine gets is also written here, so when no search URL is configured or
the node does not answer, the same records (with the same visibility) answer from the
database. Full-text structures are created by the migrations and are not part of the
Django models: the fallback backend queries them in SQL. On PostgreSQL two narrow tables
(`portal_search_match` with the weighted `tsvector` of text search configuration
`portal_cs`: unaccent + simple, and `portal_search_head` with the title and summary
vector) plus facet counters, filled by `search.indexing.write_database` (migration 0004);
on SQLite an FTS5 table (`portal_search_entry_fts`, unicode61 tokenizer removing
diacritics) kept by triggers.
"""

import uuid

from django.db import models
from django.utils import timezone


class SearchEntry(models.Model):
    key = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=20, db_index=True)
    kind = models.CharField(max_length=30)
    title = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    attachments = models.TextField(blank=True)
    meta = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    visibility = models.CharField(max_length=10, db_index=True)
    organisation = models.CharField(max_length=80, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=20, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "search entry"
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.key


class SearchEntryFacet(models.Model):
    """One facet value of an entry (kind, topic, target group, stage, region, organisation,
    year), so the fallback counts facets with one GROUP BY on any database."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["facet", "value"])]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "facet", "value"], name="search_entry_facet_unique"
            )
        ]

    def __str__(self):
        return f"{self.facet}={self.value}"


class PendingIndexKey(models.Model):
    """The index's outbox: a key whose latest change has not reached the engine yet.

    `search.indexing.queue_keys` writes the row in the transaction of the change itself, so
    the row exists exactly when the change does: a broker that refuses the task, a worker
    that dies, or a node that is down lose nothing. The row goes away only once the database
    copy and the engine both hold the change; the token is replaced whenever the key is
    queued again, so a writer that read an older state cannot remove a newer change's row.
    The periodic drain (`search.drain_pending`) and the engine's recovery pick up the rest.
    """

    key = models.CharField(max_length=64, unique=True)
    token = models.UUIDField(default=uuid.uuid4, db_index=True)
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "pending index key"
        verbose_name_plural = "pending index keys"

    def __str__(self):
        return self.key
