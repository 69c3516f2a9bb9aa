"""Each transition through the services, and each forbidden one."""

import datetime

import pytest

from partners.models import ReasonCode
from referrals import permissions, services, workflow
from referrals.errors import (
    ActionNotPermitted,
    ConsentMissing,
    CriteriaIncomplete,
    ReasonRequired,
    ReferralError,
    TransitionNotAllowed,
)
from referrals.models import Notification, Referral, ReviewDecision, Stay
from tests.referrals.conftest import S

pytestmark = pytest.mark.django_db


def history_reasons(referral):
    return list(
        referral.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )


def test_draft_is_visible_only_to_the_sender(case):
    referral = case.make(S.DRAFT)
    assert permissions.can_view_referral(case.sender, referral)
    assert permissions.can_view_referral(case.key_worker, referral)
    assert not permissions.can_view_referral(case.reviewer, Referral.objects.get(pk=referral.pk))


def test_submit_moves_to_submitted_sets_deadline_and_notifies_reviewers(case):
    referral = case.make(S.DRAFT)
    referral = services.referral_submit(referral=referral, user=case.sender)
    assert referral.status == S.SUBMITTED
    assert referral.answer_due_at - referral.submitted_at == datetime.timedelta(days=14)
    assert history_reasons(referral)[-1] == "referral.submit"
    assert Notification.objects.filter(
        recipient=case.reviewer, kind="submitted", referral=referral
    ).exists()
    assert permissions.can_view_referral(case.reviewer, Referral.objects.get(pk=referral.pk))


def test_submit_without_answers_is_refused(case):
    referral = services.referral_create(
        user=case.sender, client=case.client, programme=case.programme, reason="Důvod"
    )
    with pytest.raises(CriteriaIncomplete):
        services.referral_submit(referral=referral, user=case.sender)
    assert Referral.objects.get(pk=referral.pk).status == S.DRAFT


def test_submit_without_reason_is_refused(case):
    referral = case.make(S.DRAFT)
    Referral.objects.filter(pk=referral.pk).update(reason="")
    with pytest.raises(ReasonRequired):
        services.referral_submit(referral=referral, user=case.sender)


def test_submit_without_consent_for_the_receiver_is_refused(case, third_programme):
    referral = case.make(S.DRAFT, programme=third_programme)
    with pytest.raises(ConsentMissing):
        services.referral_submit(referral=referral, user=case.sender)


def test_start_review(case):
    referral = case.make(S.SUBMITTED)
    referral = services.referral_start_review(referral=referral, user=case.reviewer)
    assert referral.status == S.UNDER_REVIEW


def test_request_info_then_resubmit(case):
    referral = case.make(S.UNDER_REVIEW)
    referral = services.referral_request_info(
        referral=referral, user=case.reviewer, reason="Chybí splátkový kalendář."
    )
    assert referral.status == S.INFO_REQUESTED
    assert referral.status_note == "Chybí splátkový kalendář."
    assert Notification.objects.filter(recipient=case.sender, kind="info_requested").exists()
    services.referral_update(
        referral=referral, user=case.sender, reason="Doplněno.", urgency="normal"
    )
    referral = services.referral_submit(
        referral=referral, user=case.sender, reason="Kalendář přiložen."
    )
    assert referral.status == S.SUBMITTED
    assert referral.status_note == "Kalendář přiložen."
    assert history_reasons(referral)[-1] == "referral.resubmit"


def test_request_info_needs_a_reason(case):
    referral = case.make(S.SUBMITTED)
    with pytest.raises(ReasonRequired):
        services.referral_request_info(referral=referral, user=case.reviewer, reason=" ")


def test_accept(case):
    referral = case.make(S.UNDER_REVIEW)
    referral = services.referral_accept(referral=referral, user=case.reviewer)
    assert referral.status == S.ACCEPTED
    assert referral.decided_at is not None
    assert Notification.objects.filter(recipient=case.key_worker, kind="accepted").exists()


def test_decline_needs_a_reason(case):
    referral = case.make(S.UNDER_REVIEW)
    with pytest.raises(ReasonRequired):
        services.referral_decline(referral=referral, user=case.reviewer, reason="")
    referral = services.referral_decline(
        referral=referral,
        user=case.reviewer,
        reason="Dluh u dodavatele energií.",
        reason_code=ReasonCode.objects.get(code_list="decline", code="debts"),
    )
    assert referral.status == S.DECLINED
    assert referral.status_note == "Dluh u dodavatele energií."
    assert referral.ended_at is not None


def test_withdraw_by_sender(case):
    referral = case.make(S.SUBMITTED)
    referral = services.referral_withdraw(referral=referral, user=case.sender, reason="Jinde.")
    assert referral.status == S.WITHDRAWN
    assert Notification.objects.filter(recipient=case.reviewer, kind="withdrawn").exists()


def test_receiver_cannot_withdraw(case):
    referral = case.make(S.SUBMITTED)
    with pytest.raises(ActionNotPermitted):
        services.referral_withdraw(referral=referral, user=case.reviewer)


def test_place_creates_the_stay(case):
    referral = case.make(S.ACCEPTED)
    start = datetime.date(2026, 3, 1)
    referral = services.referral_place(
        referral=referral,
        user=case.receiver_worker,
        lease_start=start,
        lease_end=datetime.date(2026, 8, 31),
    )
    assert referral.status == S.PLACED
    stay = Stay.objects.get(referral=referral)
    assert (stay.programme, stay.stage) == (case.programme, case.programme.stage)
    assert stay.support_worker == case.receiver_worker
    assert stay.history.first().history_change_reason == "stay.started"


def test_close_records_the_outcome_and_ends_the_stay(case):
    referral = case.make(S.PLACED)
    referral = services.referral_close(
        referral=referral, user=case.receiver_worker, outcome="successful_exit"
    )
    assert referral.status == S.CLOSED
    assert referral.outcome == "successful_exit"
    assert Stay.objects.get(referral=referral).ended_on == datetime.date.today()


def test_close_needs_an_outcome(case):
    referral = case.make(S.PLACED)
    with pytest.raises(ReferralError):
        services.referral_close(referral=referral, user=case.receiver_worker, outcome="")


def test_decision_is_recorded_with_members_present(case, orgs):
    from tests.partners.factories import MembershipFactory, UserFactory

    colleague = UserFactory(username="mesto-komise-2")
    MembershipFactory(user=colleague, organisation=orgs.receiver.organisation, role="case_reviewer")
    referral = case.make(S.SUBMITTED)
    services.referral_decide(
        referral=referral,
        user=case.reviewer,
        decision="accept",
        reason="Splňuje podmínky.",
        meeting_date=datetime.date(2026, 4, 2),
        members_present=[colleague],
    )
    decision = ReviewDecision.objects.get(referral=referral)
    assert set(decision.members_present.all()) == {case.reviewer, colleague}
    assert Referral.objects.get(pk=referral.pk).status == S.ACCEPTED


def test_decision_refuses_people_outside_the_review_group(case, orgs):
    referral = case.make(S.SUBMITTED)
    with pytest.raises(ReferralError):
        services.referral_decide(
            referral=referral,
            user=case.reviewer,
            decision="accept",
            members_present=[orgs.third.users["case_reviewer"]],
        )
    assert Referral.objects.get(pk=referral.pk).status == S.SUBMITTED


ALL_STATUSES = list(workflow.Status)
STATE_ACTIONS = sorted(workflow.STATE_CHANGING)


def _forbidden_pairs():
    for status in ALL_STATUSES:
        for action in STATE_ACTIONS:
            if not workflow.is_allowed(status, action):
                yield status, action


@pytest.mark.parametrize("status,action", list(_forbidden_pairs()))
def test_forbidden_transition_is_refused_with_a_clear_message(case, status, action):
    referral = case.make(status)
    # Whoever would be entitled to the action in some state tries it here.
    actor = {
        "submit": case.sender,
        "withdraw": case.sender,
        "place": case.receiver_worker,
        "close": case.receiver_worker,
    }.get(action, case.reviewer)
    if not permissions.can_view_referral(actor, referral):
        actor = case.sender
    options = {"reason": "Důvod."}
    if action == "place":
        options.update(lease_start=datetime.date.today(), lease_end=datetime.date.today())
    if action == "close":
        options.update(outcome="dropped_out")
    with pytest.raises((TransitionNotAllowed, ActionNotPermitted)) as raised:
        services.referral_transition(referral=referral, user=actor, action=action, **options)
    assert str(raised.value.message)
    assert Referral.objects.get(pk=referral.pk).status == status


def test_transition_of_a_state_not_in_the_table_says_which_state(case):
    referral = case.make(S.DECLINED)
    with pytest.raises(TransitionNotAllowed) as raised:
        services.referral_accept(referral=referral, user=case.reviewer)
    assert str(workflow.STATUS_LABELS[S.DECLINED]) in str(raised.value.message)


def test_referral_within_one_organisation_needs_no_consent(orgs, programme):
    """Přerov: the town's key worker proposes its own client to its own case-review group."""
    worker = orgs.receiver.users["social_worker"]
    client = services.client_create(
        user=worker, organisation=orgs.receiver.organisation, data={"last_name": "Horváth"}
    )
    referral = services.referral_create(
        user=worker,
        client=client,
        programme=programme,
        reason="Ubytovna, spolupráce půl roku.",
        answers={c.pk: {"answer": "yes"} for c in programme.intake_criteria.all()},
    )
    referral = services.referral_submit(referral=referral, user=worker)
    referral = services.referral_accept(
        referral=referral, user=orgs.receiver.users["case_reviewer"]
    )
    assert referral.status == S.ACCEPTED
    assert not permissions.can_view_referral(orgs.sender.users["social_worker"], referral)
