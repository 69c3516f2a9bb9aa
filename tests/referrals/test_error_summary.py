"""Errors are easy to see (issue 17, point 5): a refused form puts "Chyba: " in front of
the page title and an error summary at the top of the page, with a link to each field;
a refused upload is a form error on the page it was sent from, not a notice after a
redirect; the file input states the types and the size it takes."""

import datetime
import re

import pytest
from django.urls import reverse

from referrals.models import Attachment, Client
from tests.referrals.conftest import S, pdf_upload

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date.today() + datetime.timedelta(days=365)


def _title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def _summary(page: str) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    return found.group(0) if found else ""


def _client_form(**overrides) -> dict:
    data = {
        "last_name": "Nová",
        "housing_situation": "shelter",
        "past_evictions": "0",
        "enforcement_proceedings": "0",
        "household-TOTAL_FORMS": "1",
        "household-INITIAL_FORMS": "0",
        "household-MIN_NUM_FORMS": "0",
        "household-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_refused_client_form_lists_each_error_with_a_link_to_its_field(client, case):
    client.force_login(case.sender)
    response = client.post(
        reverse("referrals:client_create"),
        _client_form(
            birth_date="2031-05-01",
            monthly_income="-100",
            **{
                "household-0-relation": "child",
                "household-0-birth_date": NEXT_YEAR.isoformat(),
            },
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert _title(page).startswith("Chyba: ")
    summary = _summary(page)
    assert 'role="alert"' in summary and "data-error-summary" in summary
    assert "Formulář obsahuje 3 chyby" in summary
    assert (
        '<a href="#id_birth_date">Datum narození: Datum narození nemůže být v budoucnosti.</a>'
        in summary
    )
    assert '<a href="#id_monthly_income">' in summary
    assert "Částka nemůže být záporná." in summary
    assert '<a href="#id_household-0-birth_date">' in summary
    # the summary comes before the form, and each linked field exists on the page
    assert page.index('<div class="error-summary"') < page.index('<form method="post"')
    for target in ("id_birth_date", "id_monthly_income", "id_household-0-birth_date"):
        assert f'id="{target}"' in page
    assert not Client.objects.filter(last_name="Nová").exists()


def test_page_without_errors_has_neither_summary_nor_prefix(client, case):
    client.force_login(case.sender)
    page = client.get(reverse("referrals:client_create")).content.decode()
    assert not _title(page).startswith("Chyba")
    assert "error-summary" not in page


def test_refused_decision_gets_the_summary_too(client, case):
    referral = case.make(S.SUBMITTED)
    client.force_login(case.reviewer)
    response = client.post(
        reverse("referrals:action", kwargs={"public_id": referral.public_id, "action": "decline"}),
        {"meeting_date": "2026-01-15"},
    )
    page = response.content.decode()
    assert _title(page).startswith("Chyba: ")
    assert '<a href="#id_reason">' in _summary(page)


def test_wrong_file_type_is_a_form_error_on_the_referral_page_without_a_redirect(client, case):
    referral = case.make(S.DRAFT)
    client.force_login(case.sender)
    response = client.post(
        reverse("referrals:attachment_upload", kwargs={"public_id": referral.public_id}),
        {"file": pdf_upload("skript.pdf", b"MZ\x90\x00 not a pdf"), "description": "Posudek"},
    )
    assert response.status_code == 200  # the same page, not a jump to another one
    page = response.content.decode()
    form = response.context["attachment_form"]
    assert form.errors["file"] == [
        "Tento typ souboru není povolen. Povolené typy: PDF, DOCX, XLSX, PNG, JPEG."
    ]
    assert _title(page).startswith("Chyba: ")
    assert '<a href="#id_attachment-file">' in _summary(page)
    assert 'value="Posudek"' in page  # what was typed is kept
    assert not Attachment.objects.exists()
    assert not [m for m in response.context["messages"] if m.level_tag == "success"]


def test_too_large_file_is_a_form_error_on_the_edit_page(client, case, settings):
    settings.REFERRALS_ATTACHMENT_MAX_SIZE = 1024
    referral = case.make(S.DRAFT)
    client.force_login(case.sender)
    response = client.post(
        reverse("referrals:attachment_upload", kwargs={"public_id": referral.public_id}),
        {"file": pdf_upload("velky.pdf", b"%PDF-1.4\n" + b"0" * 4096), "next": "edit"},
    )
    assert response.status_code == 200
    assert response.templates[0].name == "referrals/referral_edit.html"
    assert response.context["attachment_form"].errors["file"] == [
        "Soubor je příliš velký: povolená velikost je nejvýše 1,0\xa0KB."
    ]
    assert not Attachment.objects.exists()


def test_file_inputs_state_types_size_and_accept(client, case):
    referral = case.make(S.DRAFT)
    client.force_login(case.sender)
    for url in (
        reverse("referrals:detail", kwargs={"public_id": referral.public_id}),
        reverse("referrals:edit", kwargs={"public_id": referral.public_id}),
        reverse("referrals:consent_create", kwargs={"reference": case.client.reference}),
    ):
        page = client.get(url).content.decode()
        file_input = re.search(r'<input type="file"[^>]*>', page).group(0)
        assert 'accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf' in file_input, url
        assert "Povolené typy: PDF, DOCX, XLSX, PNG, JPEG; nejvýše 10,0\xa0MB." in page, url
        assert "aria-describedby" in file_input, url
