"""PostgreSQL: emptying the entry table with TRUNCATE empties the fallback's tables too.

Row triggers and the statement trigger of 0004 do not fire on TRUNCATE, which Django's
`flush` (and a transactional test's teardown) uses: the narrow tables kept rows of entries
that no longer existed, and a later search ranked them, found no entry behind them and
showed an empty page. A TRUNCATE trigger now empties the narrow tables, the counters and
the facet values with the entries.
"""

from django.db import migrations

ENTRY = "portal_search_searchentry"

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION portal_search_entry_truncated() RETURNS trigger AS $$
    BEGIN
      TRUNCATE portal_search_match, portal_search_head, portal_search_facet_total,
        portal_search_facet_value;
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER portal_search_entry_truncated AFTER TRUNCATE ON {ENTRY}
    FOR EACH STATEMENT EXECUTE FUNCTION portal_search_entry_truncated()
    """,
    # rows left behind by a flush before this migration
    f"DELETE FROM portal_search_match WHERE entry_id NOT IN (SELECT id FROM {ENTRY})",
    f"DELETE FROM portal_search_head WHERE entry_id NOT IN (SELECT id FROM {ENTRY})",
]

POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS portal_search_entry_truncated ON {ENTRY}",
    "DROP FUNCTION IF EXISTS portal_search_entry_truncated()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0005_synonym_tokens")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
