"""Indexes for the outbox and the case-review agenda, as 0004 gave the inbox: each list is
then an ordered walk of one organisation's index range that stops after a page (the lists
no longer count their rows, core.paging), whatever the number of referrals.

- referral_outbox_order: (sender, updated_at DESC, id DESC) INCLUDE (status), the outbox's
  order.
- referral_agenda_order: (receiver, answer_due_at, submitted_at, id) of the referrals
  awaiting a decision (a partial index: decided ones never enter the agenda).

Built CONCURRENTLY on PostgreSQL (non-atomic), without INCLUDE or WHERE on SQLite, like 0004.
"""

from django.db import migrations

AWAITING = "status IN ('submitted', 'under_review')"
INDEXES = {
    "referral_outbox_order": (
        "(sender_organisation_id, updated_at DESC, id DESC)",
        "INCLUDE (status)",
    ),
    "referral_agenda_order": (
        "(receiver_organisation_id, answer_due_at, submitted_at, id)",
        f"WHERE {AWAITING}",
    ),
}


def create_indexes(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, (columns, extra) in INDEXES.items():
        if postgres:
            sql = f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON referrals_referral {columns} {extra}"
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
        ("referrals", "0012_free_text_reasons_to_codes"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
