"""Migrations 0006–0008 on data in the old shape: the client's benefit and OSPOD booleans
become records (a BenefitRecord per benefit ticked, an OSPOD involvement with the old
note), and going back sets the booleans again."""

import pytest

from tests.migrations import latest_migrations, migrate_to

BEFORE = [("referrals", "0005_history_without_unused_indexes")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_benefit_and_ospod_booleans_become_records_and_back():
    latest = latest_migrations()
    try:
        old = migrate_to(BEFORE)
        Organisation = old.get_model("partners", "Organisation")
        User = old.get_model("auth", "User")
        Client = old.get_model("referrals", "Client")
        shelter = Organisation.objects.create(
            name="Azylový dům", slug="azyl", kind="shelter", region="praha"
        )
        worker = User.objects.create(username="klicova")
        common = {"responsible_organisation": shelter, "key_worker": worker}
        both = Client.objects.create(
            reference="K-2025-0001", housing_allowance=True, housing_supplement=True, **common
        )
        ospod = Client.objects.create(
            reference="K-2025-0002",
            ospod_involved=True,
            ospod_note="OSPOD Praha 8 informován, spolupráce bez výhrad",
            **common,
        )
        neither = Client.objects.create(reference="K-2025-0003", **common)

        new = migrate_to(latest)
        Benefit = new.get_model("referrals", "BenefitRecord")
        Involvement = new.get_model("referrals", "AgencyInvolvement")
        assert sorted(Benefit.objects.filter(client_id=both.pk).values_list("kind", flat=True)) == [
            "housing_allowance",
            "housing_supplement",
        ]
        assert {b.recorded_by_id for b in Benefit.objects.all()} == {worker.pk}
        assert all(b.amount is None and b.period_from is None for b in Benefit.objects.all())
        involvement = Involvement.objects.get()
        assert (involvement.client_id, involvement.kind) == (ospod.pk, "child_protection")
        assert involvement.agreed_actions == "OSPOD Praha 8 informován, spolupráce bez výhrad"
        assert not Benefit.objects.filter(client_id__in=[ospod.pk, neither.pk]).exists()
        NewClient = new.get_model("referrals", "Client")
        fields = {f.name for f in NewClient._meta.get_fields()}
        assert not fields & {"housing_allowance", "housing_supplement", "ospod_involved"}

        back = migrate_to(BEFORE)
        OldClient = back.get_model("referrals", "Client")
        restored = OldClient.objects.get(pk=both.pk)
        assert restored.housing_allowance and restored.housing_supplement
        assert OldClient.objects.get(pk=ospod.pk).ospod_involved
        assert not OldClient.objects.get(pk=neither.pk).housing_allowance
    finally:
        migrate_to(latest)
