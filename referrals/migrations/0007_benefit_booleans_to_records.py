"""Labour-office benefits and OSPOD involvement were booleans on the client; they become
records: a BenefitRecord for each benefit ticked (amount and period unknown, for the worker
to complete) and an AgencyInvolvement of the OSPOD kind carrying the old note. The reverse
sets the booleans again from the records."""

from django.db import migrations
from django.db.models import Q

BENEFITS = ("housing_allowance", "housing_supplement")  # field name = BenefitRecord kind
OSPOD = "child_protection"
MIGRATED_NOTE = "převedeno ze zaškrtávacího pole (částku a období doplňte)"


def forwards(apps, schema_editor):
    Client = apps.get_model("referrals", "Client")
    BenefitRecord = apps.get_model("referrals", "BenefitRecord")
    AgencyInvolvement = apps.get_model("referrals", "AgencyInvolvement")
    flagged = Client.objects.filter(
        Q(housing_allowance=True) | Q(housing_supplement=True) | Q(ospod_involved=True)
    ).only("pk", "key_worker_id", "ospod_involved", "ospod_note", *BENEFITS)
    benefits, involvements = [], []
    for client in flagged.iterator(chunk_size=2000):
        for kind in BENEFITS:
            if getattr(client, kind):
                benefits.append(
                    BenefitRecord(
                        client_id=client.pk,
                        kind=kind,
                        note=MIGRATED_NOTE,
                        recorded_by_id=client.key_worker_id,
                    )
                )
        if client.ospod_involved:
            involvements.append(
                AgencyInvolvement(
                    client_id=client.pk,
                    kind=OSPOD,
                    organisation_name="OSPOD",
                    agreed_actions=client.ospod_note,
                    recorded_by_id=client.key_worker_id,
                )
            )
    BenefitRecord.objects.bulk_create(benefits, batch_size=2000)
    AgencyInvolvement.objects.bulk_create(involvements, batch_size=2000)


def backwards(apps, schema_editor):
    Client = apps.get_model("referrals", "Client")
    BenefitRecord = apps.get_model("referrals", "BenefitRecord")
    AgencyInvolvement = apps.get_model("referrals", "AgencyInvolvement")
    for kind in BENEFITS:
        receiving = BenefitRecord.objects.filter(kind=kind).values("client_id")
        Client.objects.filter(pk__in=receiving).update(**{kind: True})
    for involvement in AgencyInvolvement.objects.filter(kind=OSPOD).order_by("pk"):
        Client.objects.filter(pk=involvement.client_id).update(
            ospod_involved=True, ospod_note=involvement.agreed_actions[:300]
        )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0006_casework_money_and_agencies")]

    operations = [migrations.RunPython(forwards, backwards)]
