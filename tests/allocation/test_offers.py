"""The offer of a flat: made by the housing officer, accepted by the owner and the support
provider, or refused with a reason; the accepted offer moves the client in."""

import datetime

import pytest
from django.utils import translation

from allocation import services
from allocation.errors import AllocationError, NotPermitted, Unsuitable, WrongState
from allocation.models import Flat, Offer, WaitingListEntry
from partners.models import ReasonCode
from referrals.models import Referral, Stay
from tests.allocation.conftest import en

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _states(offer):
    offer.refresh_from_db()
    offer.flat.refresh_from_db()
    offer.entry.refresh_from_db()
    return offer.status, offer.flat.state, offer.entry.status


def test_offer_marks_flat_offered_and_applicant_offered(alloc):
    offer = alloc.offer()
    assert _states(offer) == ("pending", "offered", "offered")
    assert offer.support_provider == alloc.orgs.third.organisation
    assert offer.history.get().history_change_reason == "allocation.offer_made"


def test_both_acceptances_move_the_client_in_and_let_the_flat(alloc):
    offer = alloc.offer()
    services.offer_accept(offer=offer, user=alloc.officer, side="owner")
    assert _states(offer) == ("pending", "offered", "offered")
    assert not Stay.objects.exists()
    services.offer_accept(offer=offer, user=alloc.support, side="support")
    assert _states(offer) == ("accepted", "let", "housed")
    referral = Referral.objects.get(pk=offer.entry.referral_id)
    assert referral.status == "placed"
    stay = Stay.objects.get(referral=referral)
    assert offer.stay == stay
    assert (stay.lease_start, stay.lease_end) == (offer.lease_start, offer.lease_end)
    assert stay.support_worker == alloc.receiver_worker
    assert offer.flat.free_from == offer.lease_end
    assert offer.owner_accepted_by == alloc.officer
    assert offer.support_accepted_by == alloc.support
    assert offer.decided_at is not None
    reasons = [h.history_change_reason for h in offer.history.order_by("history_date")]
    assert reasons == [
        "allocation.offer_made",
        "allocation.offer_accepted_owner",
        "allocation.offer_accepted_support",
    ]
    assert offer.flat.history.first().history_change_reason == "allocation.flat_let"
    assert offer.entry.history.first().history_change_reason == "allocation.entry_housed"


def test_receiving_social_worker_accepting_last_records_the_move_in_themselves(alloc, orgs):
    flat = alloc.flat(support_provider=orgs.receiver.organisation)
    offer = alloc.offer(flat=flat)
    services.offer_accept(offer=offer, user=alloc.receiver_worker, side="support")
    services.offer_accept(offer=offer, user=alloc.officer, side="owner")
    referral = Referral.objects.get(pk=offer.entry.referral_id)
    assert referral.status == "placed"
    assert referral.history.first().history_user_id == alloc.receiver_worker.pk


def test_move_in_failure_rolls_the_acceptance_back(alloc):
    offer = alloc.offer(support_worker=None)
    services.offer_accept(offer=offer, user=alloc.support, side="support")
    with pytest.raises(AllocationError) as error:
        services.offer_accept(offer=offer, user=alloc.officer, side="owner")
    assert "social worker of the receiving programme" in en(error.value.message)
    offer.refresh_from_db()
    assert offer.owner_accepted_at is None and offer.status == "pending"
    assert not Stay.objects.exists()
    assert _states(offer) == ("pending", "offered", "offered")


@pytest.mark.parametrize(
    ("side", "who"),
    [
        ("owner", "support"),  # an NGO worker cannot accept for the owner
        ("owner", "receiver_worker"),  # the city's social worker is not the housing officer
        ("support", "officer"),  # the owner's officer cannot accept for the NGO
        ("owner", "sender"),
        ("support", "outsider"),
        ("support", "third_editor"),
    ],
)
def test_who_may_not_accept(alloc, orgs, side, who):
    offer = alloc.offer()
    user = {
        "support": alloc.support,
        "receiver_worker": alloc.receiver_worker,
        "officer": alloc.officer,
        "sender": orgs.sender.users["social_worker"],
        "outsider": orgs.outsider,
        "third_editor": orgs.third.users["editor"],
    }[who]
    with pytest.raises(NotPermitted):
        services.offer_accept(offer=offer, user=user, side=side)
    offer.refresh_from_db()
    assert offer.owner_accepted_at is None and offer.support_accepted_at is None


def test_support_reviewer_may_accept_for_the_support_provider(alloc):
    offer = alloc.offer()
    services.offer_accept(offer=offer, user=alloc.support_reviewer, side="support")
    offer.refresh_from_db()
    assert offer.support_accepted_by == alloc.support_reviewer


def test_refusal_by_applicant_with_reason_frees_the_flat_and_returns_to_the_list(alloc):
    offer = alloc.offer()
    services.offer_refuse(
        offer=offer,
        user=alloc.support,
        side="support",
        refused_by_side="applicant",
        category="too_far",
        reason="Děti by musely měnit školu uprostřed roku.",
    )
    assert _states(offer) == ("refused", "vacant", "waiting")
    assert offer.refused_by_side == "applicant"
    assert offer.refusal_category == "too_far"
    assert offer.decided_at is not None
    # the flat can be offered again, to someone else: past the applicant who refused it,
    # who waits again higher on the list, so with the coded reason
    refused_before = ReasonCode.objects.get(code_list="offer_skip", code="refused_before")
    second = alloc.offer(flat=offer.flat, skip_code=refused_before)
    assert second.status == "pending"
    assert second.skipped_higher_ranked == 1


def test_refusal_needs_a_reason_and_a_known_category(alloc):
    offer = alloc.offer()
    for category, reason in [("too_far", "  "), ("bogus", "Daleko.")]:
        with pytest.raises(AllocationError):
            services.offer_refuse(
                offer=offer,
                user=alloc.officer,
                side="owner",
                refused_by_side="owner",
                category=category,
                reason=reason,
            )
    assert _states(offer) == ("pending", "offered", "offered")


def test_officer_cannot_record_a_refusal_for_the_support_provider(alloc):
    offer = alloc.offer()
    with pytest.raises(NotPermitted):
        services.offer_refuse(
            offer=offer,
            user=alloc.officer,
            side="owner",
            refused_by_side="support",
            category="other",
            reason="Nevím.",
        )


def test_decided_offer_cannot_be_accepted_again(alloc):
    offer = alloc.offer()
    services.offer_refuse(
        offer=offer,
        user=alloc.officer,
        side="owner",
        refused_by_side="owner",
        category="other",
        reason="Byt potřebuje opravu.",
    )
    with pytest.raises(WrongState):
        services.offer_accept(offer=offer, user=alloc.officer, side="owner")


def test_unsuitable_applicant_cannot_be_offered_the_flat(alloc):
    flat = alloc.flat()
    entry = alloc.applicant(household=7)
    # the reasons are joined into the message when it is raised: in the active language
    with translation.override("en"), pytest.raises(Unsuitable) as error:
        alloc.offer(flat=flat, entry=entry)
    assert "larger than the flat allows" in str(error.value.message)
    flat.refresh_from_db()
    assert flat.state == "vacant" and not Offer.objects.exists()


def test_flat_not_vacant_and_second_offer_are_refused(alloc):
    offer = alloc.offer()
    with pytest.raises(WrongState):
        alloc.offer(flat=offer.flat)
    with pytest.raises(WrongState):
        alloc.offer(entry=WaitingListEntry.objects.get(pk=offer.entry_id))
    assert Offer.objects.count() == 1


def test_lease_longer_than_the_programme_allows_is_refused(alloc):
    flat, entry = alloc.flat(), alloc.applicant()
    with pytest.raises(AllocationError) as error:
        alloc.offer(flat=flat, entry=entry, lease_end=TODAY + datetime.timedelta(days=800))
    assert "24" in en(error.value.message)
    assert Flat.objects.get(pk=flat.pk).state == "vacant"


@pytest.mark.parametrize("who", ["support", "sender", "third_reviewer", "receiver_worker"])
def test_only_the_owners_housing_officer_may_offer(alloc, orgs, who):
    flat, entry = alloc.flat(), alloc.applicant()
    user = {
        "support": alloc.support,
        "sender": orgs.sender.users["social_worker"],
        "third_reviewer": orgs.third.users["case_reviewer"],
        "receiver_worker": alloc.receiver_worker,
    }[who]
    with pytest.raises(NotPermitted):
        services.offer_create(
            flat=flat,
            entry=entry,
            user=user,
            lease_start=TODAY,
            lease_end=TODAY + datetime.timedelta(days=90),
        )
    assert not Offer.objects.exists()
