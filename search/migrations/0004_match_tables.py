"""PostgreSQL: the fallback searches two narrow tables instead of the wide entry table.

A common word matches most of the copy, so the cost of a search is what PostgreSQL reads
per match. Reading it from `portal_search_searchentry` meant its bodies (inline) and a
5 KB weighted vector per match, three times (count, facets, rank). Now:

- `portal_search_match`: per entry its visibility, year and date, facet value ids and the
  full vector (title A, summary B, meta and body C, attachments D), which stays in TOAST:
  the GIN index answers `@@` for it, so counting and faceting read about 130 bytes a match.
- `portal_search_head`: per entry the small vector of title and summary, which ranks
  the entries whose title or summary match every word.
- `portal_search_facet_value`: the facet values as numbers.
- `portal_search_facet_total`: how many entries carry each facet value, public and
  members-only apart (value 0 counts entries), kept by statement triggers on the match
  table. A search that matches most entries counts the facets of the few that do not
  match and subtracts.

`search.indexing.write_database` fills the two tables from the entry and its facet rows in
the same transaction; a statement trigger on the entry table removes them with the entry.
The vector moves here from the entry table, whose column, trigger and index go away.
SQLite keeps its FTS5 table (0002).
"""

from django.db import migrations

ENTRY = "portal_search_searchentry"
FACET = "portal_search_searchentryfacet"

POSTGRES_FORWARD = [
    """
    CREATE TABLE portal_search_facet_value (
      id serial PRIMARY KEY,
      facet varchar(20) NOT NULL,
      value varchar(100) NOT NULL,
      UNIQUE (facet, value)
    )
    """,
    """
    CREATE TABLE portal_search_match (
      entry_id bigint PRIMARY KEY,
      public boolean NOT NULL,
      year smallint,
      date date,
      facets integer[] NOT NULL,
      document tsvector NOT NULL
    )
    """,
    "CREATE INDEX portal_search_match_document ON portal_search_match USING gin (document)",
    """
    CREATE TABLE portal_search_head (
      entry_id bigint PRIMARY KEY,
      public boolean NOT NULL,
      year smallint,
      date date,
      head tsvector NOT NULL
    )
    """,
    "CREATE INDEX portal_search_head_head ON portal_search_head USING gin (head)",
    """
    CREATE TABLE portal_search_facet_total (
      value_id integer NOT NULL,
      public boolean NOT NULL,
      entries integer NOT NULL,
      PRIMARY KEY (value_id, public)
    )
    """,
    # The counters: one upsert per statement, rows locked in key order (so two writers
    # cannot deadlock on them).
    """
    CREATE FUNCTION portal_search_count() RETURNS trigger AS $$
    DECLARE
      sign integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
    BEGIN
      INSERT INTO portal_search_facet_total AS t (value_id, public, entries)
        SELECT f, public, sign * count(*) FROM changed, unnest(facets || 0) AS f
        GROUP BY f, public ORDER BY f, public
      ON CONFLICT (value_id, public) DO UPDATE SET entries = t.entries + excluded.entries;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER portal_search_match_added AFTER INSERT ON portal_search_match
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION portal_search_count()
    """,
    """
    CREATE TRIGGER portal_search_match_removed AFTER DELETE ON portal_search_match
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION portal_search_count()
    """,
    # Rows are replaced, never changed: an UPDATE would bypass the counters.
    """
    CREATE FUNCTION portal_search_match_no_update() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'portal_search_match rows are replaced, not updated';
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER portal_search_match_no_update BEFORE UPDATE ON portal_search_match
    FOR EACH STATEMENT EXECUTE FUNCTION portal_search_match_no_update()
    """,
    # One statement removes the narrow rows of all entries a statement deleted (a foreign
    # key would cascade row by row, and fire the counters once per entry).
    """
    CREATE FUNCTION portal_search_entry_removed() RETURNS trigger AS $$
    BEGIN
      DELETE FROM portal_search_match WHERE entry_id IN (SELECT id FROM removed);
      DELETE FROM portal_search_head WHERE entry_id IN (SELECT id FROM removed);
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER portal_search_entry_removed AFTER DELETE ON {ENTRY}
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT
    EXECUTE FUNCTION portal_search_entry_removed()
    """,
    # The vectors, in one place: the indexer and the backfill below call this.
    f"""
    CREATE FUNCTION portal_search_fill(ids bigint[]) RETURNS void AS $$
    BEGIN
      INSERT INTO portal_search_facet_value (facet, value)
        SELECT DISTINCT facet, value FROM {FACET} WHERE entry_id = ANY(ids)
        ORDER BY facet, value
      ON CONFLICT (facet, value) DO NOTHING;
      INSERT INTO portal_search_head (entry_id, public, year, date, head)
        SELECT e.id, e.visibility = 'public', e.year, e.date,
          setweight(to_tsvector('portal_cs', coalesce(e.title, '')), 'A') ||
          setweight(to_tsvector('portal_cs', coalesce(e.summary, '')), 'B')
        FROM {ENTRY} e WHERE e.id = ANY(ids);
      INSERT INTO portal_search_match (entry_id, public, year, date, facets, document)
        SELECT e.id, e.visibility = 'public', e.year, e.date,
          ARRAY(SELECT v.id FROM {FACET} f
                JOIN portal_search_facet_value v ON v.facet = f.facet AND v.value = f.value
                WHERE f.entry_id = e.id ORDER BY v.id),
          h.head ||
          setweight(to_tsvector('portal_cs', coalesce(e.meta, '')), 'C') ||
          setweight(to_tsvector('portal_cs', coalesce(e.body, '')), 'C') ||
          setweight(to_tsvector('portal_cs', coalesce(e.attachments, '')), 'D')
        FROM {ENTRY} e JOIN portal_search_head h ON h.entry_id = e.id
        WHERE e.id = ANY(ids);
    END
    $$ LANGUAGE plpgsql
    """,
    f"SELECT portal_search_fill(ARRAY(SELECT id FROM {ENTRY}))",
    f"DROP TRIGGER IF EXISTS portal_search_entry_vector ON {ENTRY}",
    "DROP FUNCTION IF EXISTS portal_search_entry_vector()",
    "DROP INDEX IF EXISTS portal_search_entry_vector_gin",
    f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS search_vector",
    "ANALYZE portal_search_match",
    "ANALYZE portal_search_head",
]

POSTGRES_BACKWARD = [
    f"ALTER TABLE {ENTRY} ADD COLUMN search_vector tsvector",
    f"""
    UPDATE {ENTRY} e SET search_vector = m.document
    FROM portal_search_match m WHERE m.entry_id = e.id
    """,
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
    CREATE TRIGGER portal_search_entry_vector BEFORE INSERT OR UPDATE ON {ENTRY}
    FOR EACH ROW EXECUTE FUNCTION portal_search_entry_vector()
    """,
    f"CREATE INDEX portal_search_entry_vector_gin ON {ENTRY} USING gin (search_vector)",
    f"DROP TRIGGER IF EXISTS portal_search_entry_removed ON {ENTRY}",
    "DROP FUNCTION IF EXISTS portal_search_entry_removed()",
    "DROP FUNCTION IF EXISTS portal_search_fill(bigint[])",
    "DROP TABLE IF EXISTS portal_search_match",
    "DROP FUNCTION IF EXISTS portal_search_count()",
    "DROP FUNCTION IF EXISTS portal_search_match_no_update()",
    "DROP TABLE IF EXISTS portal_search_head",
    "DROP TABLE IF EXISTS portal_search_facet_total",
    "DROP TABLE IF EXISTS portal_search_facet_value",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0003_pending_index_key")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD}),
        )
    ]
