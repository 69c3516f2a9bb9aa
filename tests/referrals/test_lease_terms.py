"""Leases and renewals against the seed programmes' terms (programme_rules_world.py):
a placement or a renewal longer than the programme allows is refused in Czech, a renewal is
its own record with the decision behind it, and the reminders come before a lease ends."""

import datetime

import pytest
from django.urls import reverse

from partners.models import Programme
from referrals import services
from referrals.errors import (
    InvalidDates,
    LeaseTooLong,
    LeaseTooShort,
    RenewalBasisMissing,
)
from referrals.models import LeaseRenewal, Notification, Stay
from tests.referrals.conftest import S
from tests.referrals.programme_rules_world import (
    OSTRAVA_PROJECT_END,
    D,
    place,
    renew,
    run_reminders,
    seed_programme,
)

pytestmark = pytest.mark.django_db

# --- Placement: one lease against the programme's terms --------------------------------

PLACEMENTS = [
    # Přerov: 3–6 months a lease.
    ("prerov_social", D(2026, 1, 1), D(2026, 6, 30), None),
    ("prerov_social", D(2026, 1, 1), D(2026, 7, 1), None),  # to the same day: 6 months
    ("prerov_social", D(2026, 1, 1), D(2026, 7, 2), LeaseTooLong),
    ("prerov_social", D(2026, 1, 1), D(2026, 12, 31), LeaseTooLong),  # a 365-day lease
    ("prerov_social", D(2026, 1, 1), D(2026, 3, 31), None),  # 3 months
    ("prerov_social", D(2026, 1, 1), D(2026, 3, 30), LeaseTooShort),
    # Ostrava: 6 months a lease, never past the project's end.
    ("ostrava_social", D(2026, 3, 1), D(2026, 9, 1), None),
    ("ostrava_social", D(2026, 3, 1), D(2026, 9, 2), LeaseTooLong),
    ("ostrava_social", D(2027, 6, 1), D(2027, 9, 30), None),
    ("ostrava_social", D(2027, 6, 1), D(2027, 10, 1), LeaseTooLong),
    # Crisis housing: at most 6 months.
    ("ostrava_crisis", D(2026, 8, 31), D(2027, 2, 28), None),
    ("ostrava_crisis", D(2026, 8, 31), D(2027, 3, 1), LeaseTooLong),
]


@pytest.mark.parametrize("name,start,end,refused", PLACEMENTS)
def test_placement_keeps_the_programmes_lease_term(case, orgs, name, start, end, refused):
    programme = seed_programme(orgs, name)
    referral = case.make(S.ACCEPTED, programme=programme)
    if refused is None:
        services.referral_place(
            referral=referral, user=case.receiver_worker, lease_start=start, lease_end=end
        )
        stay = Stay.objects.get(referral=referral)
        assert stay.lease_end == end
        assert stay.persons == 2  # the mother and her son, copied at move-in
        return
    with pytest.raises(refused) as raised:
        services.referral_place(
            referral=referral, user=case.receiver_worker, lease_start=start, lease_end=end
        )
    message = str(raised.value.message)
    assert "." in message and ("měsíc" in message or "projekt" in message)
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    assert not Stay.objects.filter(referral=referral).exists()


def test_the_refusal_names_the_term_and_the_last_day_in_czech(case, orgs):
    programme = seed_programme(orgs, "prerov_social")
    referral = case.make(S.ACCEPTED, programme=programme)
    with pytest.raises(LeaseTooLong) as raised:
        services.referral_place(
            referral=referral,
            user=case.receiver_worker,
            lease_start=D(2026, 1, 1),
            lease_end=D(2026, 12, 31),
        )
    assert str(raised.value.message) == (
        "Program uzavírá nájemní smlouvy nejvýše na 6 měsíců: tato smlouva smí skončit "
        "nejpozději 1.\xa07.\xa02026."  # the date as the templates write it (issue 17)
    )


# --- Renewals: their own records, the decision behind them -----------------------------


def test_prerov_renewals_run_to_24_months_and_no_further(case, orgs):
    programme = seed_programme(orgs, "prerov_social")
    stay = place(case, programme, D(2026, 1, 1), D(2026, 6, 30))
    renew(case, stay, D(2026, 12, 31))
    renew(case, stay, D(2027, 6, 30))
    renew(case, stay, D(2027, 11, 30))  # 5 months
    with pytest.raises(LeaseTooLong) as raised:
        renew(case, stay, D(2028, 1, 2))
    assert "24" in str(raised.value.message)
    # The last lease before the 24 months may be shorter than the 3-month minimum.
    renew(case, stay, D(2028, 1, 1))
    renewals = list(LeaseRenewal.objects.filter(stay=stay).order_by("starts_on"))
    assert [(r.starts_on, r.ends_on) for r in renewals] == [
        (D(2026, 7, 1), D(2026, 12, 31)),
        (D(2027, 1, 1), D(2027, 6, 30)),
        (D(2027, 7, 1), D(2027, 11, 30)),
        (D(2027, 12, 1), D(2028, 1, 1)),
    ]
    assert renewals[0].previous_end == D(2026, 6, 30)
    assert renewals[0].resolution == "RM 1284/38/7/2026"
    assert renewals[0].recorded_by == case.receiver_worker
    assert Stay.objects.get(pk=stay.pk).lease_end == D(2028, 1, 1)


def test_prerov_renewal_keeps_the_term_of_one_lease(case, orgs):
    programme = seed_programme(orgs, "prerov_social")
    stay = place(case, programme, D(2026, 1, 1), D(2026, 6, 30))
    with pytest.raises(LeaseTooLong):
        renew(case, stay, D(2027, 3, 31))  # 9 months
    with pytest.raises(LeaseTooShort):
        renew(case, stay, D(2026, 8, 31))  # 2 months
    assert not LeaseRenewal.objects.exists()
    assert Stay.objects.get(pk=stay.pk).lease_end == D(2026, 6, 30)


def test_ostrava_renews_for_six_months_until_the_project_ends(case, orgs):
    programme = seed_programme(orgs, "ostrava_social")
    stay = place(case, programme, D(2026, 3, 1), D(2026, 8, 31))
    renew(case, stay, D(2027, 2, 28))
    renew(case, stay, D(2027, 8, 31))
    with pytest.raises(LeaseTooLong) as raised:
        renew(case, stay, D(2027, 10, 31))
    assert "konec projektu" in str(raised.value.message)
    renew(case, stay, OSTRAVA_PROJECT_END)  # the last month: shorter, no minimum
    assert LeaseRenewal.objects.filter(stay=stay).count() == 3


def test_crisis_housing_never_passes_six_months_in_all(case, orgs):
    programme = seed_programme(orgs, "ostrava_crisis")
    stay = place(case, programme, D(2026, 1, 1), D(2026, 3, 31))
    renew(case, stay, D(2026, 6, 30))
    with pytest.raises(LeaseTooLong) as raised:
        renew(case, stay, D(2026, 7, 31))
    assert "6 měsíců od první" in str(raised.value.message)


def test_a_renewal_needs_the_decision_behind_it(case, orgs):
    programme = seed_programme(orgs, "prerov_social")
    stay = place(case, programme, D(2026, 1, 1), D(2026, 6, 30))
    with pytest.raises(RenewalBasisMissing):
        renew(case, stay, D(2026, 12, 31), resolution=" ", note="")
    with pytest.raises(InvalidDates):
        renew(
            case,
            stay,
            D(2026, 12, 31),
            decided_on=datetime.date.today() + datetime.timedelta(days=1),
        )
    renewal = renew(
        case,
        stay,
        D(2026, 12, 31),
        resolution="",
        note="Kazuistická skupina 12. 6.: spolupráce trvá, prodloužit o 6 měsíců.",
        decided_on=D(2026, 6, 12),
    )
    assert renewal.decided_on == D(2026, 6, 12)
    assert LeaseRenewal.objects.count() == 1
    stay = Stay.objects.get(pk=stay.pk)
    assert stay.history.first().history_change_reason == "stay.lease_extended"


def test_the_renewal_form_records_the_decision(client, case, orgs):
    programme = seed_programme(orgs, "prerov_social")
    stay = place(case, programme, D(2026, 1, 1), D(2026, 6, 30))
    client.force_login(case.receiver_worker)
    url = reverse("referrals:stay_lease", args=[stay.referral.public_id])
    response = client.post(
        url, {"lease_end": "2027-03-31", "decided_on": "2026-06-12", "resolution": "RM 1/2"}
    )
    # 9 months: refused beside the form (the case page again, what was typed kept)
    assert response.status_code == 200
    assert not LeaseRenewal.objects.exists()
    assert "nejvýše na 6 měsíců" in response.content.decode()
    assert 'value="RM 1/2"' in response.content.decode()
    client.post(
        url, {"lease_end": "2026-12-31", "decided_on": "2026-06-12", "resolution": "RM 1/2"}
    )
    renewal = LeaseRenewal.objects.get()
    page = client.get(stay.referral.get_absolute_url()).content.decode()
    assert "Prodloužení nájmu" in page and "RM 1/2" in page
    assert renewal.ends_on == D(2026, 12, 31)


def test_the_clients_data_export_holds_the_renewals(case, orgs):
    programme = seed_programme(orgs, "prerov_social")
    stay = place(case, programme, D(2026, 1, 1), D(2026, 6, 30))
    renew(case, stay, D(2026, 12, 31), decided_on=D(2026, 6, 12), note="Rada města schválila.")
    data = services.client_export_data(
        client=case.client, organisation=orgs.sender.organisation, user=case.key_worker
    )
    [item] = data["referrals"]
    assert item["stay"]["lease_renewals"] == [
        {
            "from": "2026-07-01",
            "until": "2026-12-31",
            "decided_on": "2026-06-12",
            "resolution": "RM 1284/38/7/2026",
            "basis": "Rada města schválila.",
        }
    ]


def test_lease_reminder_comes_as_many_days_before_as_the_programme_says(case, orgs):
    programme = seed_programme(orgs, "prerov_social")
    Programme.objects.filter(pk=programme.pk).update(lease_reminder_days=14)
    stay = place(case, programme, D(2026, 1, 1), D(2026, 6, 30))
    assert run_reminders(D(2026, 6, 15))["leases"] == 0
    assert run_reminders(D(2026, 6, 16))["leases"] == 2  # visiting worker and key worker
    kinds = set(Notification.objects.filter(referral=stay.referral).values_list("kind", flat=True))
    assert Notification.Kind.LEASE_ENDING in kinds
    assert run_reminders(D(2026, 6, 17))["leases"] == 0
    # A renewed lease is announced again before its own end.
    renew(case, stay, D(2026, 12, 31), decided_on=D(2026, 6, 12))
    assert run_reminders(D(2026, 12, 17))["leases"] == 2


def test_the_last_lease_the_programme_allows_is_announced_as_the_last(case, orgs):
    programme = seed_programme(orgs, "ostrava_crisis")
    stay = place(case, programme, D(2026, 1, 1), D(2026, 7, 1))
    run_reminders(D(2026, 6, 20))
    lease_kinds = {Notification.Kind.LEASE_ENDING, Notification.Kind.LEASE_FINAL}
    kinds = Notification.objects.filter(referral=stay.referral, kind__in=lease_kinds)
    assert set(kinds.values_list("kind", flat=True)) == {Notification.Kind.LEASE_FINAL}
