"""Put members who existed before the referral module into their casework groups (later
changes are kept in step by referrals.signals)."""

from django.db import migrations

CASEWORK_ROLES = ("social_worker", "case_reviewer")


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Membership = apps.get_model("partners", "Membership")
    CaseworkGroup = apps.get_model("referrals", "CaseworkGroup")
    for membership in Membership.objects.filter(is_active=True, role__in=CASEWORK_ROLES):
        link = CaseworkGroup.objects.filter(
            organisation_id=membership.organisation_id, role=membership.role
        ).first()
        if link is None:
            group, _ = Group.objects.get_or_create(
                name=f"referrals:{membership.organisation_id}:{membership.role}"
            )
            link = CaseworkGroup.objects.create(
                group=group, organisation_id=membership.organisation_id, role=membership.role
            )
        link.group.user_set.add(membership.user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("partners", "0002_standard_vocabulary"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
