"""Decisions with coded reasons: a decline, a move down, a drop-out and an exclusion carry a
code from the secretariat's lists beside their note; exclusion is the case-review group's
decision, not a worker's; the council's resolution on a Přerov lease is recorded."""

import datetime

import pytest
from django.urls import reverse

from partners.models import ReasonCode
from referrals import services, timeline
from referrals.errors import ActionNotPermitted, ReasonRequired, ReferralError
from referrals.models import Notification, Outcome, ReviewDecision, Stay
from tests.referrals.conftest import S

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def code(code_list, code):
    return ReasonCode.objects.get(code_list=code_list, code=code)


def _entry(case, referral, key):
    return next(e for e in timeline.timeline_for(case.sender, referral) if e.key == key)


def test_decline_records_its_code_beside_the_note_and_the_timeline_shows_it(case):
    referral = case.make(S.UNDER_REVIEW)
    services.referral_decide(
        referral=referral,
        user=case.reviewer,
        decision="decline",
        reason="Nemáme volný byt, zkuste to v březnu.",
        reason_code=code("decline", "capacity"),
    )
    referral.refresh_from_db()
    assert referral.decline_code == code("decline", "capacity")
    assert referral.status_note == "Nemáme volný byt, zkuste to v březnu."
    entry = _entry(case, referral, "referral.decline")
    assert code("decline", "capacity").label in entry.extra


def test_a_code_from_another_list_or_out_of_use_is_refused(case):
    referral = case.make(S.UNDER_REVIEW)
    retired = code("decline", "documents")
    retired.is_active = False
    retired.save()
    for wrong in (code("exclusion", "crime"), retired):
        with pytest.raises(ReferralError):
            services.referral_decide(
                referral=referral,
                user=case.reviewer,
                decision="decline",
                reason="x",
                reason_code=wrong,
            )
    referral.refresh_from_db()
    assert referral.status == S.UNDER_REVIEW


def test_decline_form_requires_the_code(client, case):
    referral = case.make(S.UNDER_REVIEW)
    client.force_login(case.reviewer)
    url = reverse("referrals:action", args=[referral.public_id, "decline"])
    data = {"reason": "Kapacita.", "meeting_date": TODAY.isoformat()}
    assert client.post(url, data).status_code == 200
    referral.refresh_from_db()
    assert referral.status == S.UNDER_REVIEW
    data["reason_code"] = code("decline", "capacity").pk
    assert client.post(url, data).status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decline_code.code) == (S.DECLINED, "capacity")


def test_exclusion_is_the_case_review_groups_decision_with_a_code(case):
    referral = case.make(S.PLACED)
    with pytest.raises(ActionNotPermitted):  # a worker cannot exclude by closing the case
        services.referral_close(
            referral=referral, user=case.receiver_worker, outcome=Outcome.EXCLUDED
        )
    with pytest.raises(ActionNotPermitted):  # nor by the group's decision
        services.referral_decide(
            referral=referral,
            user=case.receiver_worker,
            decision="exclude",
            reason="x",
            reason_code=code("exclusion", "arrears"),
        )
    with pytest.raises(ReasonRequired):  # the group names the coded reason
        services.referral_decide(
            referral=referral, user=case.reviewer, decision="exclude", reason="Neplatí."
        )
    services.referral_decide(
        referral=referral,
        user=case.reviewer,
        decision="exclude",
        reason="Půl roku neplatí nájemné, splátkový kalendář nedodržen.",
        reason_code=code("exclusion", "arrears"),
    )
    referral.refresh_from_db()
    stay = Stay.objects.get(referral=referral)
    assert (referral.status, referral.outcome) == (S.CLOSED, Outcome.EXCLUDED)
    assert stay.end_code == code("exclusion", "arrears") and stay.ended_on == TODAY
    decision = ReviewDecision.objects.get(referral=referral)
    assert decision.decision == "exclude"
    assert list(decision.members_present.all()) == [case.reviewer]
    entry = _entry(case, referral, "referral.exclude")
    assert code("exclusion", "arrears").label in entry.extra
    assert "neplatí nájemné" in entry.note
    # the sending worker learns of it, as of any end of the case
    assert Notification.objects.filter(
        referral=referral, kind=Notification.Kind.CLOSED, recipient=case.sender
    ).exists()


def test_drop_out_keeps_its_early_end_code(client, case):
    referral = case.make(S.PLACED)
    client.force_login(case.receiver_worker)
    url = reverse("referrals:action", args=[referral.public_id, "close"])
    data = {"outcome": "dropped_out", "closed_on": TODAY.isoformat(), "reason": "Odešli."}
    assert client.post(url, data).status_code == 200  # the form asks for the code
    page = client.get(url).content.decode()
    assert 'value="excluded"' not in page
    data["end_code"] = code("early_end", "left").pk
    assert client.post(url, data).status_code == 302
    assert Stay.objects.get(referral=referral).end_code == code("early_end", "left")
    assert Notification.objects.filter(
        referral=referral, kind=Notification.Kind.CLOSED, recipient=case.sender
    ).exists()


def test_move_down_keeps_its_code(case, affordable_programme, programme):
    upper = case.make(S.PLACED, programme=affordable_programme)
    transfer = services.referral_transfer(
        referral=upper,
        user=case.receiver_worker,
        programme=programme,
        reason="Nový dluh a ztráta práce.",
        move_down_code=code("move_down", "new_debt"),
    )
    assert transfer.move_down_code == code("move_down", "new_debt")


def test_transfer_form_asks_for_the_code_only_when_moving_down(
    client, case, affordable_programme, programme
):
    upper = case.make(S.PLACED, programme=affordable_programme)
    client.force_login(case.receiver_worker)
    url = reverse("referrals:transfer", args=[upper.public_id])
    data = {"programme": programme.pk, "urgency": "soon", "reason": "Nový dluh."}
    response = client.post(url, data)
    assert response.status_code == 200
    assert not upper.next_referrals.exists()
    data["move_down_code"] = code("move_down", "new_debt").pk
    assert client.post(url, data).status_code == 302
    assert upper.next_referrals.get().move_down_code.code == "new_debt"


def test_council_resolution_is_required_where_the_council_approves_leases(case):
    case.programme.lease_needs_council_resolution = True
    case.programme.save()
    referral = case.make(S.ACCEPTED)
    lease = {"lease_start": TODAY, "lease_end": TODAY + datetime.timedelta(days=180)}
    with pytest.raises(ReasonRequired):
        services.referral_place(referral=referral, user=case.receiver_worker, **lease)
    services.referral_place(
        referral=referral,
        user=case.receiver_worker,
        council_resolution_number="RM/1234/45/2026",
        council_resolution_date=TODAY - datetime.timedelta(days=3),
        **lease,
    )
    stay = Stay.objects.get(referral=referral)
    assert stay.council_resolution_number == "RM/1234/45/2026"
    assert stay.council_resolution_date == TODAY - datetime.timedelta(days=3)


# --- The services refuse a decision without its code, whatever calls them -------------------


def _unchanged(referral, status, history):
    referral.refresh_from_db()
    return referral.status == status and referral.history.count() == history


def test_the_decline_service_refuses_a_decline_without_a_code(case):
    referral = case.make(S.UNDER_REVIEW)
    history = referral.history.count()
    for call in (
        lambda: services.referral_decline(referral=referral, user=case.reviewer, reason="Dluhy."),
        lambda: services.referral_decide(
            referral=referral, user=case.reviewer, decision="decline", reason="Dluhy."
        ),
        lambda: services.referral_transition(
            referral=referral, user=case.reviewer, action="decline", reason="Dluhy."
        ),
    ):
        with pytest.raises(ReasonRequired) as refused:
            call()
        assert "číselníku" in str(refused.value.message)
    assert _unchanged(referral, S.UNDER_REVIEW, history)
    assert not ReviewDecision.objects.filter(referral=referral).exists()
    assert not Notification.objects.filter(referral=referral, kind="declined").exists()


def test_the_transfer_service_refuses_a_move_down_without_a_code(case, affordable_programme):
    upper = case.make(S.PLACED, programme=affordable_programme)
    for missing in (None, "", "abc", code("decline", "debts").pk):
        with pytest.raises(ReferralError):
            services.referral_transfer(
                referral=upper,
                user=case.receiver_worker,
                programme=case.programme,
                reason="Nový dluh vůči městu.",
                move_down_code=missing,
            )
    assert not upper.next_referrals.exists()


def test_the_close_service_refuses_an_early_end_without_a_code(case):
    referral = case.make(S.PLACED)
    history = referral.history.count()
    with pytest.raises(ReasonRequired):
        services.referral_close(
            referral=referral, user=case.receiver_worker, outcome="dropped_out", reason="Odešli."
        )
    assert _unchanged(referral, S.PLACED, history)
    assert Stay.objects.get(referral=referral).ended_on is None


def test_an_exclusion_never_bypasses_the_groups_recorded_decision(case):
    referral = case.make(S.PLACED)
    history = referral.history.count()
    with pytest.raises(ActionNotPermitted):
        services.referral_transition(
            referral=referral,
            user=case.reviewer,
            action="exclude",
            reason="Neplatí.",
            reason_code=code("exclusion", "arrears"),
        )
    assert _unchanged(referral, S.PLACED, history)
    assert Stay.objects.get(referral=referral).ended_on is None
