"""Impossible data is refused with a Czech message next to the field, by the service when
the form is skipped, and by the database when both are (issue 17, point 4)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from referrals import services
from referrals.errors import ImpossibleData, InvalidDates
from referrals.models import Client, Consent, HouseholdMember, ReviewDecision, Stay, Visit
from tests.referrals.conftest import S

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NEXT_YEAR = TODAY + datetime.timedelta(days=365)


def _client_form(**overrides) -> dict:
    data = {
        "first_name": "Petra",
        "last_name": "Nová",
        "birth_date": "1990-03-04",
        "housing_situation": "shelter",
        "past_evictions": "0",
        "enforcement_proceedings": "0",
        "household-TOTAL_FORMS": "0",
        "household-INITIAL_FORMS": "0",
        "household-MIN_NUM_FORMS": "0",
        "household-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def _field_errors(response, name: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(name, [])]


@pytest.mark.parametrize("born", ["2031-05-01", "2099-01-01"])
def test_client_born_in_the_future_is_refused_next_to_the_field(client, case, born):
    client.force_login(case.sender)
    before = Client.objects.count()
    response = client.post(reverse("referrals:client_create"), _client_form(birth_date=born))
    assert response.status_code == 200
    assert _field_errors(response, "birth_date") == ["Datum narození nemůže být v budoucnosti."]
    assert "Datum narození nemůže být v budoucnosti." in response.content.decode()
    assert Client.objects.count() == before


def test_client_born_before_1900_is_refused(client, case):
    client.force_login(case.sender)
    response = client.post(
        reverse("referrals:client_create"), _client_form(birth_date="1850-01-01")
    )
    assert _field_errors(response, "birth_date") == ["Datum narození nemůže být před rokem 1900."]
    assert not Client.objects.filter(last_name="Nová").exists()


@pytest.mark.parametrize("field", ["monthly_income", "debt_to_city", "debt_to_energy_supplier"])
def test_negative_income_or_debt_is_refused_and_the_record_keeps_its_value(client, case, field):
    client.force_login(case.sender)
    kept = getattr(Client.objects.get(pk=case.client.pk), field)
    data = _client_form(first_name="Jana", last_name="Dvořáková", **{field: "-5000"})
    response = client.post(
        reverse("referrals:client_edit", kwargs={"reference": case.client.reference}), data
    )
    assert response.status_code == 200
    assert _field_errors(response, field) == ["Částka nemůže být záporná."]
    assert getattr(Client.objects.get(pk=case.client.pk), field) == kept


def test_household_member_born_in_the_future_is_refused(client, case):
    client.force_login(case.sender)
    data = _client_form(
        **{
            "household-TOTAL_FORMS": "1",
            "household-0-relation": "child",
            "household-0-first_name": "Budoucí",
            "household-0-birth_date": NEXT_YEAR.isoformat(),
        }
    )
    response = client.post(reverse("referrals:client_create"), data)
    assert response.status_code == 200
    assert "Datum narození nemůže být v budoucnosti." in response.content.decode()
    assert not HouseholdMember.objects.filter(first_name="Budoucí").exists()


def test_service_refuses_impossible_client_data_when_the_form_is_skipped(case):
    with pytest.raises(ImpossibleData) as refused:
        services.client_create(
            user=case.sender,
            organisation=case.orgs.sender.organisation,
            data={"last_name": "Obejitá", "birth_date": datetime.date(2031, 1, 1)},
        )
    assert str(refused.value.message) == "Datum narození nemůže být v budoucnosti."
    assert not Client.objects.filter(last_name="Obejitá").exists()

    with pytest.raises(ImpossibleData):
        services.client_update(
            user=case.sender, client=case.client, data={"monthly_income": Decimal("-1")}
        )
    assert Client.objects.get(pk=case.client.pk).monthly_income is None

    with pytest.raises(ImpossibleData):
        services.client_update(
            user=case.sender,
            client=case.client,
            data={},
            household=[{"relation": "child", "birth_date": NEXT_YEAR}],
        )
    assert case.client.household_members.count() == 2  # the household is unchanged


@pytest.mark.parametrize(
    "change",
    [
        {"monthly_income": -1},
        {"debt_to_city": -1},
        {"debt_to_energy_supplier": -1},
        {"birth_date": datetime.date(1850, 1, 1)},
    ],
)
def test_database_refuses_impossible_client_values(case, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Client.objects.filter(pk=case.client.pk).update(**change)


def test_database_refuses_a_consent_ending_before_it_starts(case):
    consent = Consent.objects.filter(client=case.client).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(
            valid_until=consent.valid_from - datetime.timedelta(days=1)
        )


def test_decision_dated_at_a_meeting_a_year_ahead_is_refused(client, case):
    referral = case.make(S.SUBMITTED)
    client.force_login(case.reviewer)
    response = client.post(
        reverse("referrals:action", kwargs={"public_id": referral.public_id, "action": "accept"}),
        {"meeting_date": NEXT_YEAR.isoformat(), "members_present": [case.reviewer.pk]},
    )
    assert response.status_code == 200
    assert _field_errors(response, "meeting_date") == [
        "Zasedání nemůže být v budoucnosti: rozhodnutí se zapisuje až po zasedání."
    ]
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    assert not ReviewDecision.objects.filter(referral=referral).exists()


def test_service_refuses_a_decision_at_a_future_meeting(case):
    referral = case.make(S.SUBMITTED)
    with pytest.raises(InvalidDates):
        services.referral_decide(
            referral=referral,
            user=case.reviewer,
            decision=ReviewDecision.Decision.ACCEPT,
            meeting_date=TODAY + datetime.timedelta(days=1),
        )
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED


def test_visit_in_the_future_is_refused_by_form_and_service(client, case):
    referral = case.make(S.PLACED)
    stay = Stay.objects.get(referral=referral)
    client.force_login(case.receiver_worker)
    response = client.post(
        reverse("referrals:stay_visit", kwargs={"public_id": referral.public_id}),
        {"visited_on": (TODAY + datetime.timedelta(days=3)).isoformat(), "note": "Plán"},
        follow=True,
    )
    assert "Datum nemůže být v budoucnosti" in response.content.decode()
    assert not Visit.objects.filter(stay=stay).exists()
    with pytest.raises(ImpossibleData):
        services.visit_record(
            stay=stay, user=case.receiver_worker, visited_on=TODAY + datetime.timedelta(days=3)
        )
    assert not Visit.objects.filter(stay=stay).exists()


def test_database_refuses_a_lease_ending_before_it_starts(case):
    stay = Stay.objects.get(referral=case.make(S.PLACED))
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.filter(pk=stay.pk).update(
            lease_end=stay.lease_start - datetime.timedelta(days=1)
        )


def test_benefit_ending_before_it_starts_is_a_field_error(client, case):
    client.force_login(case.sender)
    response = client.post(
        reverse("referrals:benefit_add", kwargs={"reference": case.client.reference}),
        {
            "kind": "housing_allowance",
            "amount": "3000",
            "period_from": "2026-05-01",
            "period_until": "2026-03-01",
        },
        follow=True,
    )
    assert "Konec nemůže být dříve než začátek." in response.content.decode()
    assert not case.client.benefits.exists()
