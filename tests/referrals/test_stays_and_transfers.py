"""Stays (lease maximum, plan, visits) and transfers up and down the pathway."""

import datetime

import pytest

from partners.models import ReasonCode
from referrals import permissions, services, timeline
from referrals.errors import InvalidDates, LeaseTooLong, ReferralError
from referrals.models import Client, Direction, Referral, Stay
from tests.referrals.conftest import S, answers_all_yes, grant_consent

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_lease_up_to_the_programme_maximum_is_accepted(case):
    referral = case.make(S.ACCEPTED)
    start = datetime.date(2026, 1, 31)
    referral = services.referral_place(
        referral=referral,
        user=case.receiver_worker,
        lease_start=start,
        lease_end=datetime.date(2028, 1, 31),  # exactly 24 months
    )
    assert referral.status == S.PLACED


def test_lease_longer_than_the_programme_maximum_is_refused(case):
    referral = case.make(S.ACCEPTED)
    with pytest.raises(LeaseTooLong) as raised:
        services.referral_place(
            referral=referral,
            user=case.receiver_worker,
            lease_start=datetime.date(2026, 1, 31),
            lease_end=datetime.date(2028, 2, 1),
        )
    assert "24" in str(raised.value.message)
    assert fresh(referral).status == S.ACCEPTED
    assert not Stay.objects.filter(referral=referral).exists()


def test_lease_extension_is_capped_by_the_maximum_from_the_first_start(case):
    referral = case.make(S.PLACED)
    stay = Stay.objects.get(referral=referral)
    limit = stay.lease_start.replace(year=stay.lease_start.year + 2)
    services.stay_extend_lease(
        stay=stay, user=case.receiver_worker, lease_end=limit, note="Kazuistická skupina."
    )
    with pytest.raises(LeaseTooLong):
        services.stay_extend_lease(
            stay=stay,
            user=case.receiver_worker,
            lease_end=limit + datetime.timedelta(days=10),
            note="Kazuistická skupina.",
        )
    assert fresh(stay).lease_end == limit
    assert fresh(stay).history.first().history_change_reason == "stay.lease_extended"


def test_lease_must_end_after_it_starts(case):
    referral = case.make(S.ACCEPTED)
    with pytest.raises(InvalidDates):
        services.referral_place(
            referral=referral,
            user=case.receiver_worker,
            lease_start=datetime.date(2026, 3, 1),
            lease_end=datetime.date(2026, 3, 1),
        )


def test_plan_and_visits(case):
    referral = case.make(S.PLACED)
    stay = Stay.objects.get(referral=referral)
    goal = services.plan_goal_add(
        stay=stay, user=case.receiver_worker, text="Splátkový kalendář s městem"
    )
    services.plan_goal_update(
        goal=goal, user=case.receiver_worker, status="in_progress", progress="2 splátky"
    )
    visit = services.visit_record(
        stay=stay, user=case.receiver_worker, visited_on=datetime.date.today(), note="V pořádku."
    )
    assert fresh(goal).status == "in_progress"
    assert visit.visited_by == case.receiver_worker
    # The sender does not run the receiving programme's plan.
    with pytest.raises(ReferralError):
        services.visit_record(stay=stay, user=case.sender, visited_on=datetime.date.today())


@pytest.fixture
def placed_in_social_flat(case):
    return case.make(S.PLACED)


def test_transfer_up_creates_a_linked_draft_and_keeps_the_chain(
    case, placed_in_social_flat, affordable_programme
):
    transfer = services.referral_transfer(
        referral=placed_in_social_flat,
        user=case.receiver_worker,
        programme=affordable_programme,
        reason="Klientka zvládá nájem, přechod do dostupného bytu.",
    )
    assert transfer.kind == Referral.Kind.TRANSFER
    assert transfer.previous == placed_in_social_flat
    assert transfer.direction == Direction.UP
    assert transfer.status == S.DRAFT
    assert transfer.sender_organisation == placed_in_social_flat.receiver_organisation
    assert [r.pk for r in transfer.chain()] == [placed_in_social_flat.pk, transfer.pk]
    with pytest.raises(ReferralError):
        services.referral_transfer(
            referral=placed_in_social_flat,
            user=case.receiver_worker,
            programme=affordable_programme,
            reason="Znovu",
        )


def _run_transfer(case, previous, programme, worker, reviewer):
    transfer = services.referral_transfer(
        referral=previous, user=worker, programme=programme, reason="Přechod."
    )
    services.referral_update(
        referral=transfer,
        user=worker,
        reason="Přechod.",
        urgency="normal",
        answers=answers_all_yes(programme),
    )
    services.referral_submit(referral=transfer, user=worker)
    services.referral_accept(referral=transfer, user=reviewer)
    today = datetime.date.today()
    return services.referral_place(
        referral=transfer,
        user=worker,
        lease_start=today,
        lease_end=today + datetime.timedelta(days=90),
    )


def test_transfer_hands_the_case_over_when_the_client_moves_in(
    case, placed_in_social_flat, affordable_programme
):
    transfer = _run_transfer(
        case, placed_in_social_flat, affordable_programme, case.receiver_worker, case.reviewer
    )
    client = Client.objects.get(pk=case.client.pk)
    assert client.responsible_organisation == case.orgs.receiver.organisation
    assert client.key_worker == case.receiver_worker
    earlier = fresh(placed_in_social_flat)
    assert earlier.status == S.CLOSED and earlier.outcome == "moved_on"
    assert earlier.archived_at is not None
    assert Stay.objects.get(referral=earlier).ended_on is not None
    # The shelter keeps read access to its own referral only.
    assert permissions.can_view_referral(case.sender, earlier)
    assert not permissions.can_see_case_content(case.sender, earlier)
    assert not permissions.can_view_client(case.sender, client)
    assert not permissions.can_view_client(case.key_worker, client)
    assert not permissions.can_view_referral(case.sender, fresh(transfer))
    assert not permissions.available_actions(case.sender, earlier)
    # The new holder works on.
    assert permissions.is_responsible_for(case.receiver_worker, client)
    assert "close" in permissions.available_actions(case.receiver_worker, fresh(transfer))


def test_transfer_down_to_another_organisation_after_new_debt(
    case, placed_in_social_flat, third_programme, orgs
):
    # The shelter, still responsible, records the client's consent for the crisis programme.
    grant_consent(case, orgs.third.organisation)
    transfer = services.referral_transfer(
        referral=placed_in_social_flat,
        user=case.receiver_worker,
        programme=third_programme,
        reason="Nový dluh vůči městu, návrat do krizového bydlení.",
        move_down_code=ReasonCode.objects.get(code_list="move_down", code="new_debt"),
    )
    assert transfer.direction == Direction.DOWN
    services.referral_update(
        referral=transfer, user=case.receiver_worker, reason=transfer.reason, urgency="urgent"
    )
    services.referral_submit(referral=transfer, user=case.receiver_worker)
    services.referral_accept(referral=transfer, user=orgs.third.users["case_reviewer"])
    today = datetime.date.today()
    services.referral_place(
        referral=transfer,
        user=orgs.third.users["social_worker"],
        lease_start=today,
        lease_end=today + datetime.timedelta(days=150),
    )
    client = Client.objects.get(pk=case.client.pk)
    assert client.responsible_organisation == orgs.third.organisation
    # The municipality, previous programme, keeps its own history only.
    earlier = fresh(placed_in_social_flat)
    assert permissions.can_view_referral(case.reviewer, earlier)
    assert not permissions.can_view_client(case.receiver_worker, client)
    entries = timeline.timeline_for(case.receiver_worker, fresh(transfer))
    assert all(entry.when <= fresh(transfer).handed_over_at for entry in entries)
