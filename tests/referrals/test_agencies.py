"""Partner agencies as parties of a case and labour-office benefits as records. OSPOD
involvement is its own consent category, stricter than the rest: besides the organisation
responsible for the case (the key worker's), only the case-review group of an organisation
the client shared it with sees it; never its social workers, never an export without it."""

import datetime
from decimal import Decimal

import pytest

from referrals import permissions, selectors, services
from referrals.errors import ActionNotPermitted
from referrals.models import AgencyInvolvement, BenefitRecord, Category, Client
from tests.referrals.conftest import S, grant_consent
from tests.referrals.factories import ConsentFactory

pytestmark = pytest.mark.django_db
CP = Category.CHILD_PROTECTION


def fresh(client):
    return Client.objects.get(pk=client.pk)


@pytest.fixture
def family(case):
    """A submitted referral of the case's family, with OSPOD and the labour office involved
    and the housing supplement paid directly to the landlord."""
    referral = case.make(S.SUBMITTED)
    ospod = services.involvement_record(
        user=case.sender,
        client=case.client,
        kind="child_protection",
        organisation_name="OSPOD Přerov",
        since=datetime.date(2026, 2, 1),
        contact_person="Mgr. Dana Kurátorová",
        contact="581 268 111",
        agreed_actions="Společná návštěva rodiny jednou za měsíc.",
    )
    labour = services.involvement_record(
        user=case.sender,
        client=case.client,
        kind="labour_office",
        organisation_name="ÚP Přerov",
        agreed_actions="Žádost o doplatek na bydlení s přímou úhradou.",
    )
    supplement = services.benefit_record(
        user=case.sender,
        client=case.client,
        kind="housing_supplement",
        amount=Decimal("3850"),
        period_from=datetime.date(2026, 3, 1),
        paid_directly=True,
    )
    return referral, ospod, labour, supplement


def test_the_responsible_organisation_sees_every_party(case, family):
    for user in (case.sender, case.key_worker):
        view = selectors.client_view_for(user, fresh(case.client))
        assert [i.kind for i in view.ospod_involvements] == ["child_protection"]
        assert [i.kind for i in view.other_involvements] == ["labour_office"]
        assert [b.kind for b in view.benefits] == ["housing_supplement"]


def test_without_the_ospod_category_the_receiver_sees_the_rest(case, family):
    for user in (case.reviewer, case.receiver_worker):
        view = selectors.client_view_for(user, fresh(case.client))
        assert CP not in view.categories
        assert view.ospod_involvements == []
        assert [i.kind for i in view.other_involvements] == ["labour_office"]  # finances
        assert [b.amount for b in view.benefits] == [Decimal("3850")]


def test_shared_ospod_involvement_reaches_the_case_reviewers_only(case, family):
    receiver = case.orgs.receiver.organisation
    grant_consent(case, receiver, categories=["identity", "household", "child_protection"])
    reviewer_view = selectors.client_view_for(case.reviewer, fresh(case.client))
    assert CP in reviewer_view.categories
    assert [i.contact_person for i in reviewer_view.ospod_involvements] == ["Mgr. Dana Kurátorová"]
    worker_view = selectors.client_view_for(case.receiver_worker, fresh(case.client))
    assert CP not in worker_view.categories and worker_view.ospod_involvements == []


def test_the_referral_page_shows_ospod_to_whom_it_may(client, case, family):
    referral = family[0]
    grant_consent(
        case, case.orgs.receiver.organisation, categories=["household", "child_protection"]
    )
    client.force_login(case.reviewer)
    assert "Mgr. Dana Kurátorová" in client.get(referral.get_absolute_url()).content.decode()
    client.force_login(case.receiver_worker)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Mgr. Dana Kurátorová" not in page and "ÚP Přerov" in page


def test_an_export_for_another_organisation_holds_ospod_only_with_the_category(case, family):
    receiver = case.orgs.receiver.organisation
    data = services.client_export_data(
        client=fresh(case.client), organisation=receiver, user=case.reviewer
    )
    assert [a["agency"] for a in data["agencies"]] == ["ÚP Přerov"]
    assert data["benefits"][0]["paid_directly_to_landlord"] is True
    grant_consent(case, receiver, categories=["child_protection"])
    data = services.client_export_data(
        client=fresh(case.client), organisation=receiver, user=case.reviewer
    )
    assert sorted(a["agency"] for a in data["agencies"]) == ["OSPOD Přerov", "ÚP Přerov"]
    own = services.client_export_data(
        client=fresh(case.client),
        organisation=case.client.responsible_organisation,
        user=case.key_worker,
    )
    assert len(own["agencies"]) == 2 and len(own["benefits"]) == 1


def test_only_writers_of_the_record_record_parties(case, family):
    third = case.orgs.third.users["social_worker"]
    for user in (case.reviewer, case.receiver_worker, third):
        with pytest.raises(ActionNotPermitted):
            services.involvement_record(
                user=user, client=case.client, kind="debt_counselling", organisation_name="Poradna"
            )
        with pytest.raises(ActionNotPermitted):
            services.benefit_record(user=user, client=case.client, kind="emergency_aid")
    assert not permissions.can_record_for_client(case.receiver_worker, case.client, CP)


def test_an_involvement_ends_and_stays_on_record(case, family):
    _referral, ospod, _labour, supplement = family
    services.involvement_end(user=case.sender, involvement=ospod, until=datetime.date(2026, 6, 30))
    services.benefit_end(
        user=case.sender, benefit=supplement, period_until=datetime.date(2026, 8, 31)
    )
    ospod.refresh_from_db()
    assert ospod.until == datetime.date(2026, 6, 30) and not ospod.is_current
    assert ospod.history.first().history_change_reason == "agency.ended"
    assert BenefitRecord.objects.get(pk=supplement.pk).period_until == datetime.date(2026, 8, 31)


def test_the_client_page_records_a_debt_counselling_agency(client, case):
    client.force_login(case.sender)
    url = f"/predavani/klienti/{case.client.reference}/instituce/"
    response = client.post(
        url,
        {
            "kind": "debt_counselling",
            "organisation_name": "Dluhová poradna Přerov",
            "since": "2026-04-01",
            "agreed_actions": "Sepsat přehled dluhů, návrh na oddlužení.",
        },
    )
    assert response.status_code == 302
    involvement = AgencyInvolvement.objects.get()
    assert (involvement.kind, involvement.recorded_by) == ("debt_counselling", case.sender)
    page = client.get(f"/predavani/klienti/{case.client.reference}/").content.decode()
    assert "Dluhová poradna Přerov" in page


def test_a_consent_names_the_ospod_category_on_its_own(case):
    consent = ConsentFactory(
        client=case.client,
        organisation=case.orgs.third.organisation,
        recorded_by=case.sender,
        categories=["child_protection"],
    )
    assert consent.categories == frozenset({CP})
    assert consent.share_child_protection and not consent.share_household
