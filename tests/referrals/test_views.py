"""The pages through the browser's eyes (Django test client): forms, messages, errors."""

import datetime

import pytest
from django.urls import reverse

from referrals.models import Attachment, Client, ClientAccessLog, Consent, Referral
from tests.referrals.conftest import PDF_BYTES, S, pdf_upload

pytestmark = pytest.mark.django_db


def detail_url(referral):
    return reverse("referrals:detail", kwargs={"public_id": referral.public_id})


def action_url(referral, action):
    return reverse("referrals:action", kwargs={"public_id": referral.public_id, "action": action})


@pytest.mark.parametrize("status", [s.value for s in S])
def test_referral_page_renders_for_sender_and_receiver_in_every_state(client, case, status):
    referral = case.make(status)
    for user in (case.sender, case.reviewer, case.receiver_worker, case.key_worker):
        client.force_login(user)
        response = client.get(detail_url(referral))
        if status == S.DRAFT and user in (case.reviewer, case.receiver_worker):
            assert response.status_code == 404
            continue
        assert response.status_code == 200, (user.username, status)
        assert referral.reference in response.content.decode()
        assert response["Cache-Control"].startswith("max-age=0")


def test_sender_sees_names_receiver_only_consented_categories(client, case):
    referral = case.make(S.SUBMITTED)
    client.force_login(case.reviewer)
    page = client.get(detail_url(referral)).content.decode()
    assert "Dvořáková" in page  # identity is shared for the decision
    assert "Astma" not in page  # health only after acceptance (cooperation consent)
    assert "Spolupracuje" not in page  # notes never shared
    assert ClientAccessLog.objects.filter(user=case.reviewer, via="referral_page").exists()


def test_full_flow_through_the_pages(client, case):
    client.force_login(case.sender)
    response = client.post(
        reverse("referrals:create", kwargs={"reference": case.client.reference}),
        {"programme": case.programme.pk, "urgency": "soon", "reason": "Rodina s dítětem."},
    )
    referral = Referral.objects.get(client=case.client)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "referrals:edit", kwargs={"public_id": referral.public_id}
    )
    edit = {"urgency": "soon", "reason": "Rodina s dítětem v azylovém domě."}
    for answer in referral.answers.all():
        edit[f"answer_{answer.pk}"] = "yes"
    assert client.post(response["Location"], edit).status_code == 302
    upload = client.post(
        reverse("referrals:attachment_upload", kwargs={"public_id": referral.public_id}),
        {"file": pdf_upload("posudek.pdf"), "description": "Posudek"},
    )
    assert upload.status_code == 302
    assert Attachment.objects.filter(referral=referral).count() == 1
    assert client.post(action_url(referral, "submit")).status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == S.SUBMITTED

    client.force_login(case.reviewer)
    page = client.get(reverse("referrals:agenda")).content.decode()
    assert referral.reference in page
    form = client.get(action_url(referral, "accept"))
    assert form.status_code == 200
    response = client.post(
        action_url(referral, "accept"),
        {"meeting_date": "2026-04-02", "members_present": [case.reviewer.pk], "reason": ""},
    )
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == S.ACCEPTED

    client.force_login(case.receiver_worker)
    response = client.post(
        action_url(referral, "place"),
        {
            "moved_in_on": "2026-05-01",
            "lease_start": "2026-05-01",
            "lease_end": "2028-06-01",  # beyond 24 months
            "support_worker": case.receiver_worker.pk,
        },
    )
    assert response.status_code == 200
    assert "24" in response.content.decode()  # the LeaseTooLong message, as a form error
    response = client.post(
        action_url(referral, "place"),
        {
            "moved_in_on": "2026-05-01",
            "lease_start": "2026-05-01",
            "lease_end": "2026-10-31",
            "support_worker": case.receiver_worker.pk,
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == S.PLACED

    client.force_login(case.sender)
    page = client.get(detail_url(referral)).content.decode()
    assert 'data-status="placed"' in page
    assert 'data-event="referral.place"' in page and 'data-event="decision.accept"' in page


def test_decline_without_reason_is_a_form_error(client, case):
    referral = case.make(S.SUBMITTED)
    client.force_login(case.reviewer)
    response = client.post(action_url(referral, "decline"), {"meeting_date": "2026-04-02"})
    assert response.status_code == 200
    assert Referral.objects.get(pk=referral.pk).status == S.SUBMITTED


def test_wrong_file_type_is_refused_with_a_message(client, case):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from referrals.validators import validate_upload

    referral = case.make(S.DRAFT)
    client.force_login(case.sender)
    content = b"MZ\x90\x00 not a pdf"
    response = client.post(
        reverse("referrals:attachment_upload", kwargs={"public_id": referral.public_id}),
        {"file": pdf_upload("virus.pdf", content)},
        follow=True,
    )
    assert not Attachment.objects.exists()
    with translation.override("cs"), pytest.raises(ValidationError) as raised:
        validate_upload(pdf_upload("virus.pdf", content))
    assert raised.value.messages[0] in response.content.decode()


def test_attachment_is_served_only_through_the_permission_checked_view(client, case, orgs):
    referral = case.make(S.SUBMITTED)
    client.force_login(case.sender)
    client.post(
        reverse("referrals:attachment_upload", kwargs={"public_id": referral.public_id}),
        {"file": pdf_upload()},
    )
    attachment = Attachment.objects.get()
    url = attachment.get_absolute_url()
    client.force_login(case.reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]
    client.force_login(orgs.third.users["social_worker"])
    assert client.get(url).status_code == 404
    with pytest.raises(NotImplementedError):
        attachment.file.url  # noqa: B018 - private files have no URL


def test_client_record_pages(client, case):
    client.force_login(case.sender)
    url = reverse("referrals:client", kwargs={"reference": case.client.reference})
    page = client.get(url).content.decode()
    assert "Dvořáková" in page and "OSPOD" in page
    assert (
        client.get(
            reverse("referrals:client_history", kwargs={"reference": case.client.reference})
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("referrals:client_edit", kwargs={"reference": case.client.reference})
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("referrals:consent_create", kwargs={"reference": case.client.reference})
        ).status_code
        == 200
    )
    assert client.get(reverse("referrals:client_list")).status_code == 200


def test_new_client_and_consent_through_the_pages(client, case, orgs):
    client.force_login(case.sender)
    response = client.post(
        reverse("referrals:client_create"),
        {
            "first_name": "Petr",
            "last_name": "Novák",
            "housing_situation": "hostel",
            "past_evictions": 1,
            "enforcement_proceedings": 0,
            "household-TOTAL_FORMS": 3,
            "household-INITIAL_FORMS": 0,
            "household-0-relation": "head",
            "household-0-first_name": "Petr",
            "household-1-relation": "",
            "household-2-relation": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = Client.objects.exclude(pk=case.client.pk).get()
    assert "Novák" not in response["Location"]
    response = client.post(
        response["Location"],
        {
            "organisation": orgs.receiver.organisation.pk,
            "purpose": "assessment",
            "categories": ["identity", "household"],
            "valid_from": datetime.date.today().isoformat(),
            "signed_form": pdf_upload("souhlas.pdf"),
        },
    )
    assert response.status_code == 302
    assert Consent.objects.filter(client=new).count() == 1


def test_lists_render(client, case):
    case.make(S.SUBMITTED)
    for user, name in (
        (case.sender, "referrals:outbox"),
        (case.reviewer, "referrals:inbox"),
        (case.reviewer, "referrals:agenda"),
        (case.key_worker, "referrals:caseload"),
        (case.sender, "referrals:notifications"),
    ):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200


def test_members_page_for_org_admin(client, orgs):
    from partners.models import Membership
    from tests.partners.factories import UserFactory

    UserFactory(username="nova-pracovnice")
    admin = orgs.sender.users["org_admin"]
    client.force_login(admin)
    url = reverse("referrals:members", kwargs={"slug": orgs.sender.organisation.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "nova-pracovnice", "role": "social_worker"})
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="nova-pracovnice")
    client.post(
        reverse(
            "referrals:member_deactivate",
            kwargs={"slug": orgs.sender.organisation.slug, "membership_id": membership.pk},
        )
    )
    assert not Membership.objects.get(pk=membership.pk).is_active
    client.force_login(orgs.sender.users["social_worker"])
    assert client.get(url).status_code == 404


def test_referral_page_shows_methodologies_and_templates_for_the_stage(client, case, orgs):
    from partners.models import PathwayStage
    from tests.knowledge.factories import make_item

    section = orgs.third.organisation.library_section
    stage = case.programme.stage
    wanted = [
        make_item(section, title="Metodika tréninkového bydlení", slug="m1", kind="methodology"),
        make_item(section, title="Vzor dohody o spolupráci", slug="m2", kind="template"),
    ]
    other_kind = make_item(
        section, title="Kazuistika rodiny", slug="m3", kind="case_study", anonymised_confirmed=True
    )
    other_stage = make_item(section, title="Metodika krizového bydlení", slug="m4")
    for item in [*wanted, other_kind]:
        item.stages.set([stage])
        item.save_revision().publish()
    other_stage.stages.set([PathwayStage.objects.get(slug="krizove")])
    other_stage.save_revision().publish()
    referral = case.make(S.SUBMITTED)
    client.force_login(case.reviewer)
    page = client.get(detail_url(referral)).content.decode()
    assert "Metodika tréninkového bydlení" in page
    assert "Vzor dohody o spolupráci" in page
    assert "Kazuistika rodiny" not in page
    assert "Metodika krizového bydlení" not in page


def test_a_page_past_the_end_of_a_list_says_so_and_leads_back(client, case):
    """Not "no referral matches" on page 9 of a list that has one page: the reader is
    told the page is empty and given the way back to the first."""
    case.make(S.SUBMITTED)
    client.force_login(case.sender)
    for url, nothing in [
        (reverse("referrals:outbox"), "Žádné předání neodpovídá."),
        (reverse("referrals:inbox"), "Žádné předání neodpovídá."),
    ]:
        first = client.get(url).content.decode()
        assert "Na této stránce seznamu nic není." not in first, url
        past = client.get(url, {"page": "9"}).content.decode()
        assert "Na této stránce seznamu nic není." in past, url
        assert "?page=1" in past and nothing not in past, url
