"""PostgreSQL: synonym groups as tokens in the match vector.

A synonym of several words ("bydlení především" for "housing first") is a phrase, and
PostgreSQL checks a phrase by reading the vector of every entry that holds all its words
from TOAST: at 50 000 entries a search for "housing first" read 20 000 vectors. Now the
fill adds a group's token (a made-up lexeme, search.backends.matching.PgSynonyms) to the
vector of every entry that matches the group, as the engine's synonym filter would, and a
search asks for the token, which the GIN index answers alone.

`portal_search_state.synonyms` records the synonym file the whole copy was filled with;
searches use the tokens only while it equals the running code's, so after a change of
the file they spell the phrases out (the same matches, slower) until `search_rebuild`.
This migration refills the copy and records the current file.
"""

import importlib

from django.db import migrations

ENTRY = "portal_search_searchentry"
FACET = "portal_search_searchentryfacet"

FILL = f"""
CREATE FUNCTION portal_search_fill(ids bigint[], tokens text[], queries text[])
RETURNS void AS $$
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
    SELECT d.id, d.public, d.year, d.date, d.facets,
      d.vector || array_to_tsvector(ARRAY(
        SELECT tokens[i] FROM generate_subscripts(tokens, 1) AS i
        WHERE d.vector @@ to_tsquery('portal_cs', queries[i])))
    FROM (
      SELECT e.id, e.visibility = 'public' AS public, e.year, e.date,
        ARRAY(SELECT v.id FROM {FACET} f
              JOIN portal_search_facet_value v ON v.facet = f.facet AND v.value = f.value
              WHERE f.entry_id = e.id ORDER BY v.id) AS facets,
        h.head ||
        setweight(to_tsvector('portal_cs', coalesce(e.meta, '')), 'C') ||
        setweight(to_tsvector('portal_cs', coalesce(e.body, '')), 'C') ||
        setweight(to_tsvector('portal_cs', coalesce(e.attachments, '')), 'D') AS vector
      FROM {ENTRY} e JOIN portal_search_head h ON h.entry_id = e.id
      WHERE e.id = ANY(ids)
      OFFSET 0  -- a fence: each vector is built once, not once per use
    ) AS d;
END
$$ LANGUAGE plpgsql
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.matching import pg_synonyms

    synonyms = pg_synonyms()
    tokens = list(synonyms.queries)
    queries = [synonyms.queries[t] for t in tokens]
    run = schema_editor.execute
    run("CREATE TABLE portal_search_state (synonyms varchar(64))")
    run("INSERT INTO portal_search_state (synonyms) VALUES (NULL)")
    run("DROP FUNCTION portal_search_fill(bigint[])")
    run(FILL)
    run("DELETE FROM portal_search_match")
    run("DELETE FROM portal_search_head")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT portal_search_fill(ARRAY(SELECT id FROM {ENTRY}), %s, %s)",
            [tokens, queries],
        )
        cursor.execute("UPDATE portal_search_state SET synonyms = %s", [synonyms.version])


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    match_tables = importlib.import_module("search.migrations.0004_match_tables")
    fill = next(s for s in match_tables.POSTGRES_FORWARD if "FUNCTION portal_search_fill" in s)
    run = schema_editor.execute
    run("DROP FUNCTION portal_search_fill(bigint[], text[], text[])")
    run(fill)
    run("DELETE FROM portal_search_match")
    run("DELETE FROM portal_search_head")
    run(f"SELECT portal_search_fill(ARRAY(SELECT id FROM {ENTRY}))")
    run("DROP TABLE portal_search_state")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0004_match_tables")]

    operations = [migrations.RunPython(forward, backward)]
