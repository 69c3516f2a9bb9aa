"""Indexes for the referral lists at scale L (bench/results/L.md).

- referral_inbox_order: (receiver, updated_at DESC, id DESC) INCLUDE (status) lets the
  inbox page (ordered by -updated_at, -pk, 25 a page) stop after a page of rows instead of
  joining and sorting every referral the organisation ever received, and lets its count be
  an index-only scan. PostgreSQL only uses it once the inbox query no longer carries the
  redundant organisation OR of referrals_visible_to_qs (see the report in L.md).
- referral_sender_programme: (sender, programme) makes the programme filter's subquery
  (programmes_for_filter) an index-only scan.

Raw SQL with CONCURRENTLY on PostgreSQL (a live table is not locked against writes; hence
non-atomic). On SQLite, the embedded default of `make run`, the same indexes are built
without INCLUDE, which it lacks. Not declared in Referral.Meta.indexes, since Django's
Index cannot be built concurrently; makemigrations does not see them.
"""

from django.db import migrations

INDEXES = {
    "referral_inbox_order": (
        "(receiver_organisation_id, updated_at DESC, id DESC)",
        "INCLUDE (status)",
    ),
    "referral_sender_programme": ("(sender_organisation_id, programme_id)", ""),
}


def create_indexes(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, (columns, include) in INDEXES.items():
        if postgres:
            sql = f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON referrals_referral {columns} {include}"
        else:
            sql = f"CREATE INDEX IF NOT EXISTS {name} ON referrals_referral {columns}"
        schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("referrals", "0003_gdpr_dataprotection"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
