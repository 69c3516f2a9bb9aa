"""Migration referrals 0012 on data in the old shape: free-text reasons get a code where
one fits and keep their text (declines, moves down, exclusions and drop-outs, plan goals);
a text no code fits stays uncoded."""

import pytest

from tests.migrations import latest_migrations, migrate_to

BEFORE = [
    ("partners", "0007_programme_lease_terms_and_visit_phases"),
    ("referrals", "0010_lease_renewals_and_stay_persons"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_free_text_reasons_become_codes_and_keep_their_text():
    latest = latest_migrations()
    try:
        old = migrate_to(BEFORE)
        Organisation = old.get_model("partners", "Organisation")
        Programme = old.get_model("partners", "Programme")
        PathwayStage = old.get_model("partners", "PathwayStage")
        Client = old.get_model("referrals", "Client")
        Referral = old.get_model("referrals", "Referral")
        Stay = old.get_model("referrals", "Stay")
        PlanGoal = old.get_model("referrals", "PlanGoal")
        town = Organisation.objects.create(
            name="Město", slug="mesto", kind="municipality", region="olomoucky"
        )
        social = PathwayStage.objects.get(slug="socialni")
        affordable = PathwayStage.objects.get(slug="dostupne")
        low = Programme.objects.create(
            organisation=town, name="Sociální byty", slug="sb", kind="housing", stage=social
        )
        high = Programme.objects.create(
            organisation=town, name="Dostupné byty", slug="db", kind="housing", stage=affordable
        )
        client = Client.objects.create(reference="K-2025-0001", responsible_organisation=town)
        numbers = iter(range(1, 100))

        def referral(programme, **fields):
            return Referral.objects.create(
                reference=f"P-2025-{next(numbers):04d}",
                client=client,
                sender_organisation=town,
                receiver_organisation=town,
                programme=programme,
                **fields,
            )

        debts = referral(low, status="declined", status_note="Dluh u ČEZ bez splátkové dohody.")
        capacity = referral(low, status="declined", status_note="Momentálně nemáme VOLNÝ byt.")
        unfit = referral(low, status="declined", status_note="Rodina si to rozmyslela.")
        upper = referral(high, status="closed", outcome="moved_on")
        down = referral(
            low,
            status="draft",
            kind="transfer",
            previous=upper,
            reason="Nový dluh vůči městu 6 200 Kč a ztráta zaměstnání.",
        )
        up = referral(high, status="draft", kind="transfer", previous=down, reason="Dluh splacen.")
        excluded = referral(
            low,
            status="closed",
            outcome="excluded",
            status_note="Opakované porušování domovního řádu, intervence bez výsledku.",
        )
        dropped = referral(
            low, status="closed", outcome="dropped_out", status_note="Klient našel jiné bydlení."
        )
        dates = {"moved_in_on": "2025-01-01", "lease_start": "2025-01-01"}
        stays = {
            r.pk: Stay.objects.create(
                referral=r, programme=low, lease_end="2025-06-30", ended_on="2025-05-01", **dates
            )
            for r in (excluded, dropped)
        }
        goals = [
            PlanGoal.objects.create(stay=stays[excluded.pk], text=text)
            for text in (
                "Splácet dluh podle kalendáře",
                "Požádat o příspěvek na bydlení",
                "Přihlásit děti do školy",
            )
        ]

        new = migrate_to(latest)
        NewReferral = new.get_model("referrals", "Referral")
        NewStay = new.get_model("referrals", "Stay")
        NewGoal = new.get_model("referrals", "PlanGoal")

        def code(model, pk, field):
            row = model.objects.select_related(field).get(pk=pk)
            value = getattr(row, field)
            return (value.code_list, value.code) if value else None

        assert code(NewReferral, debts.pk, "decline_code") == ("decline", "debts")
        assert code(NewReferral, capacity.pk, "decline_code") == ("decline", "capacity")
        assert code(NewReferral, unfit.pk, "decline_code") is None
        assert code(NewReferral, down.pk, "move_down_code") == ("move_down", "new_debt")
        assert code(NewReferral, up.pk, "move_down_code") is None  # a move up has no such code
        assert code(NewStay, stays[excluded.pk].pk, "end_code") == ("exclusion", "repeated_breach")
        assert code(NewStay, stays[dropped.pk].pk, "end_code") == ("early_end", "found_housing")
        topics = [NewGoal.objects.get(pk=g.pk).topic for g in goals]
        assert topics == ["debt_repayment", "benefits", "other"]
        # the texts stay beside the codes
        assert NewReferral.objects.get(pk=debts.pk).status_note == debts.status_note
        assert NewReferral.objects.get(pk=down.pk).reason == down.reason
        assert NewGoal.objects.get(pk=goals[0].pk).text == "Splácet dluh podle kalendáře"
    finally:
        migrate_to(latest)
