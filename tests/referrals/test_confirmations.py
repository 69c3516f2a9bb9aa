"""Steps that let data leave the organisation, or take it back, are confirmed, and each
side knows what comes next (issue 17, point 6)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals import services
from referrals.models import Consent, Referral
from tests.referrals.conftest import S

pytestmark = pytest.mark.django_db


def _detail(referral):
    return reverse("referrals:detail", kwargs={"public_id": referral.public_id})


def _action(referral, action):
    return reverse("referrals:action", kwargs={"public_id": referral.public_id, "action": action})


def _assessment_consent(case):
    return Consent.objects.get(
        client=case.client,
        organisation=case.orgs.receiver.organisation,
        purpose=Consent.Purpose.ASSESSMENT,
    )


def test_withdrawing_consent_asks_first_and_names_the_referral_waiting_on_it(client, case):
    referral = case.make(S.SUBMITTED)
    consent = _assessment_consent(case)
    url = reverse("referrals:consent_withdraw", kwargs={"public_id": consent.public_id})
    client.force_login(case.sender)

    client_page = client.get(
        reverse("referrals:client", kwargs={"reference": case.client.reference})
    ).content.decode()
    assert f'<a href="{url}" data-action="withdraw-consent">' in client_page
    assert f'action="{url}"' not in client_page  # no one-click withdrawal from the list

    page = client.get(url).content.decode()
    assert "Odvolat souhlas?" in page
    assert "Na tento souhlas stále čekají tato předání" in page
    assert referral.reference in page and case.programme.name in page
    assert case.orgs.receiver.organisation.name in page
    consent.refresh_from_db()
    assert consent.withdrawn_at is None  # asking changed nothing

    response = client.post(url, {"note": "Na přání klientky."})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawal_note == "Na přání klientky."


def test_confirmation_says_when_no_referral_waits_on_the_consent(client, case):
    consent = _assessment_consent(case)
    client.force_login(case.sender)
    page = client.get(
        reverse("referrals:consent_withdraw", kwargs={"public_id": consent.public_id})
    ).content.decode()
    assert "Na tento souhlas nečeká žádné předání." in page


def test_submitting_goes_through_a_page_that_says_what_is_shared_with_whom(client, case):
    referral = case.make(S.DRAFT)
    client.force_login(case.sender)
    detail = client.get(_detail(referral)).content.decode()
    submit_url = _action(referral, "submit")
    assert f'href="{submit_url}" data-action="submit"' in detail
    assert f'action="{submit_url}"' not in detail  # not a one-click submission

    response = client.get(submit_url)
    page = response.content.decode()
    assert response.status_code == 200
    summary = page[page.index('data-testid="share-summary"') :]
    assert "Co a s kým sdílíte" in summary
    assert case.orgs.receiver.organisation.name in summary and case.programme.name in summary
    # the categories of the client's consent for the decision, and no others
    assert "Totožnost a kontakt" in summary and "Finance a dluhy" in summary
    assert "Zdraví a závislosti" in summary  # in the cooperation consent, after acceptance
    assert "Potvrdit a odeslat" in page
    referral.refresh_from_db()
    assert referral.status == S.DRAFT  # looking at the confirmation sends nothing

    assert client.post(submit_url).status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED


def test_second_referral_of_the_client_to_the_same_programme_is_warned_about(client, case):
    first = case.make(S.SUBMITTED)
    client.force_login(case.sender)
    url = reverse("referrals:create", kwargs={"reference": case.client.reference})
    data = {"programme": case.programme.pk, "urgency": "normal", "reason": "Znovu."}
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors["confirm_duplicate"]
    assert first.reference in errors[0] and "otevřené předání" in errors[0]
    assert 'type="checkbox" name="confirm_duplicate"' in response.content.decode()
    assert Referral.objects.filter(client=case.client).count() == 1

    response = client.post(url, {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Referral.objects.filter(client=case.client).count() == 2


def test_other_programme_gets_no_warning(client, case, affordable_programme):
    case.make(S.SUBMITTED)
    client.force_login(case.sender)
    response = client.post(
        reverse("referrals:create", kwargs={"reference": case.client.reference}),
        {"programme": affordable_programme.pk, "urgency": "normal", "reason": "Jiný program."},
    )
    assert response.status_code == 302


def test_sender_answers_a_request_for_information_and_the_receiver_reads_it(client, case):
    referral = case.make(S.UNDER_REVIEW)
    services.referral_request_info(
        referral=referral, user=case.reviewer, reason="Doložte splátkový kalendář."
    )
    client.force_login(case.sender)
    detail = client.get(_detail(referral)).content.decode()
    assert "Odpovědět a odeslat znovu" in detail and "Doložte splátkový kalendář." in detail
    page = client.get(_action(referral, "submit")).content.decode()
    assert 'name="reason"' in page and "Vaše odpověď na žádost programu" in page

    refused = client.post(_action(referral, "submit"), {"reason": " "})
    assert refused.status_code == 200
    referral.refresh_from_db()
    assert referral.status == S.INFO_REQUESTED

    answer = "Splátkový kalendář s městem je od března, přikládám ho."
    assert client.post(_action(referral, "submit"), {"reason": answer}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED and referral.status_note == answer
    last = referral.history.order_by("-history_date").first()
    assert last.history_change_reason == "referral.resubmit" and last.status_note == answer

    client.force_login(case.reviewer)
    page = client.get(_detail(referral)).content.decode()
    assert page.count(answer) >= 2  # the note to the status and the timeline entry


def test_service_refuses_a_resubmission_without_an_answer(case):
    from referrals.errors import ReasonRequired

    referral = case.make(S.INFO_REQUESTED)
    with pytest.raises(ReasonRequired):
        services.referral_submit(referral=referral, user=case.sender)
    referral.refresh_from_db()
    assert referral.status == S.INFO_REQUESTED


def test_after_acceptance_the_receiver_sees_the_next_step(client, case):
    referral = case.make(S.ACCEPTED)
    client.force_login(case.receiver_worker)
    page = client.get(_detail(referral)).content.decode()
    box = page[page.index('data-testid="next-steps"') :]
    assert "Co bude dál" in box and "Další krok: domluvte s klientem nastěhování" in box
    assert f'href="{_action(referral, "place")}"' in page

    client.force_login(case.sender)
    box = client.get(_detail(referral)).content.decode()
    assert "Předání bylo přijato." in box and "Další krok: domluvte" not in box


def test_submitted_referral_says_by_when_the_answer_is_due(client, case):
    referral = case.make(S.SUBMITTED)
    client.force_login(case.reviewer)
    page = client.get(_detail(referral)).content.decode()
    due = timezone.localtime(referral.answer_due_at)
    assert f"Nejpozději do {due.day}.\xa0{due.month}.\xa0{due.year}." in page  # one line


def test_draft_is_not_labelled_as_a_shared_case(client, case):
    draft = case.make(S.DRAFT)
    client.force_login(case.sender)
    page = client.get(_detail(draft)).content.decode()
    assert "Koncept: nic se nesdílí, dokud ho neodešlete" in page
    assert "Předání (případ se sdílí)" not in page
    submitted = case.make(S.SUBMITTED, programme=None)
    assert "Předání (případ se sdílí)" in client.get(_detail(submitted)).content.decode()


def test_each_state_change_says_in_czech_what_happened(client, case):
    from referrals import workflow

    assert set(workflow.ACTION_DONE) == set(workflow.STATE_CHANGING)
    referral = case.make(S.DRAFT)
    client.force_login(case.sender)
    page = client.post(_action(referral, "submit"), follow=True).content.decode()
    assert "Předání bylo odesláno přijímajícímu programu." in page
    assert "byla provedena" not in page
    client.force_login(case.reviewer)
    page = client.post(_action(referral, "start_review"), follow=True).content.decode()
    assert "Posuzování předání bylo zahájeno." in page
