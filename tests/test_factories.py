"""The test factories with their defaults only make records the services would accept:
a referral reaches every status with members added where a step needs one, an offer
finds a suitable vacant flat, past casework keeps its referral and stay consistent."""

import pytest

from referrals import permissions
from referrals.models import Consent, Outcome
from tests.allocation.factories import OfferFactory
from tests.cms.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
)
from tests.outcomes.factories import PastStayFactory, PlanGoalFactory, ProjectStatisticsPageFactory
from tests.referrals.factories import PATHS, ConsentFactory, ReferralFactory, S, StayFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", list(PATHS))
def test_a_referral_reaches_every_status_by_the_services(status):
    referral = ReferralFactory(status=status)
    assert referral.status == status
    assert referral.sender_organisation == referral.client.responsible_organisation
    assert referral.receiver_organisation == referral.programme.organisation
    assert permissions.can_view_referral(referral.created_by, referral)
    if status in (S.PLACED, S.CLOSED):
        assert referral.stay.programme == referral.programme


def test_a_submitted_referral_rests_on_an_active_assessment_consent():
    referral = ReferralFactory(status=S.SUBMITTED)
    (consent,) = referral.client.consents.all()
    assert consent.organisation == referral.receiver_organisation
    assert consent.purpose == Consent.Purpose.ASSESSMENT and consent.is_active
    assert consent.signed_form


def test_a_consent_is_recorded_by_the_clients_organisation():
    consent = ConsentFactory()
    assert consent.is_active
    assert consent.recorded_by.memberships.get().organisation == (
        consent.client.responsible_organisation
    )
    assert consent.categories == {"identity", "household", "finances"}


def test_a_stay_begins_with_the_place_step():
    stay = StayFactory()
    assert stay.referral.status == S.PLACED
    assert stay.is_active and stay.moved_in_on == stay.lease_start


def test_an_offer_is_made_on_a_suitable_vacant_flat_of_the_entrys_programme():
    offer = OfferFactory()
    assert offer.status == "pending"
    assert offer.flat.programme == offer.entry.programme
    assert (offer.flat.state, offer.entry.status) == ("offered", "offered")


def test_past_casework_keeps_referral_and_stay_consistent():
    goal = PlanGoalFactory(stay__ended="2025-06-01", stay__outcome=Outcome.MOVED_ON)
    stay = goal.stay
    assert (stay.programme, stay.stage) == (stay.referral.programme, stay.referral.programme.stage)
    assert stay.referral.status == S.CLOSED and stay.referral.outcome == Outcome.MOVED_ON
    assert stay.referral.client.responsible_organisation == stay.referral.sender_organisation
    assert PastStayFactory().referral.status == S.PLACED


def test_pages_are_added_under_their_parent_and_published_on_request(client, site_tree):
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=site_tree.home))
    project = ProjectPageFactory(
        parent=ProjectIndexPageFactory(parent=site_tree.home), title="Projekt X", publish=True
    )
    statistics = ProjectStatisticsPageFactory(parent=project, publish=True)
    assert client.get(news.url).status_code == 200
    assert project.url == "/projekty/projekt-x/"
    assert client.get(statistics.url).status_code == 200
