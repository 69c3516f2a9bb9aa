"""Full-text structures of the database fallback, per database vendor.

PostgreSQL: the `unaccent` extension, a text search configuration `portal_cs` (a copy of
`simple` with unaccent in front: PostgreSQL ships no Czech stemmer, see
docs/decisions/0002-search-fallback.md), a weighted tsvector column kept by a trigger, and
a GIN index on it.
SQLite (the embedded default): an external-content FTS5 table whose unicode61 tokenizer
removes diacritics, kept in step by triggers.
"""

from django.db import migrations

TABLE = "portal_search_searchentry"

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_cs') THEN
        CREATE TEXT SEARCH CONFIGURATION portal_cs (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION portal_cs
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
      END IF;
    END
    $$;
    """,
    f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION portal_search_entry_vector() RETURNS trigger AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector('portal_cs', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('portal_cs', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('portal_cs', coalesce(NEW.meta, '')), 'C') ||
        setweight(to_tsvector('portal_cs', coalesce(NEW.body, '')), 'C') ||
        setweight(to_tsvector('portal_cs', coalesce(NEW.attachments, '')), 'D');
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER portal_search_entry_vector BEFORE INSERT OR UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION portal_search_entry_vector()
    """,
    f"CREATE INDEX portal_search_entry_vector_gin ON {TABLE} USING gin (search_vector)",
]

POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS portal_search_entry_vector ON {TABLE}",
    "DROP FUNCTION IF EXISTS portal_search_entry_vector()",
    "DROP INDEX IF EXISTS portal_search_entry_vector_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_cs",
]

FTS_COLUMNS = "title, summary, meta, body, attachments"
FTS_NEW = "new.id, new.title, new.summary, new.meta, new.body, new.attachments"
FTS_OLD = "old.id, old.title, old.summary, old.meta, old.body, old.attachments"

SQLITE_FORWARD = [
    f"""
    CREATE VIRTUAL TABLE portal_search_entry_fts USING fts5(
      {FTS_COLUMNS}, content='{TABLE}', content_rowid='id',
      tokenize="unicode61 remove_diacritics 2", prefix='2 3 4'
    )
    """,
    f"""
    CREATE TRIGGER portal_search_entry_fts_ai AFTER INSERT ON {TABLE} BEGIN
      INSERT INTO portal_search_entry_fts(rowid, {FTS_COLUMNS}) VALUES ({FTS_NEW});
    END
    """,
    f"""
    CREATE TRIGGER portal_search_entry_fts_ad AFTER DELETE ON {TABLE} BEGIN
      INSERT INTO portal_search_entry_fts(portal_search_entry_fts, rowid, {FTS_COLUMNS})
      VALUES ('delete', {FTS_OLD});
    END
    """,
    f"""
    CREATE TRIGGER portal_search_entry_fts_au AFTER UPDATE ON {TABLE} BEGIN
      INSERT INTO portal_search_entry_fts(portal_search_entry_fts, rowid, {FTS_COLUMNS})
      VALUES ('delete', {FTS_OLD});
      INSERT INTO portal_search_entry_fts(rowid, {FTS_COLUMNS}) VALUES ({FTS_NEW});
    END
    """,
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS portal_search_entry_fts_ai",
    "DROP TRIGGER IF EXISTS portal_search_entry_fts_ad",
    "DROP TRIGGER IF EXISTS portal_search_entry_fts_au",
    "DROP TABLE IF EXISTS portal_search_entry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
