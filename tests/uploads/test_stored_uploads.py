"""A refused upload leaves nothing behind, whichever way it comes: referral attachments
and signed consent forms (services and pages), library documents in the Wagtail admin
(single, multiple and chooser uploads, replacing a file)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Collection, UploadedFile

from core.uploads import DOCX
from knowledge.models import LibraryDocument
from referrals import services
from referrals.errors import AttachmentInvalid
from referrals.models import Attachment, Consent
from tests.referrals.conftest import S
from tests.uploads.files import (
    docx_bytes,
    encrypted_pdf,
    library_check,
    pdf_with_embedded_file,
    pdf_with_launch_action,
    pdf_with_open_action_javascript,
    ratio_bomb_docx,
    real_pdf,
    referral_check,
    refusal,
    stored_files,
    upload,
)

# --- Referral attachments and consent forms -------------------------------------------------


def test_referral_attachment_with_javascript_is_refused_and_nothing_is_written(
    client, case, tmp_path
):
    referral = case.make(S.DRAFT)
    files_before = stored_files(tmp_path / "private")
    client.force_login(case.sender)
    response = client.post(
        reverse("referrals:attachment_upload", kwargs={"public_id": referral.public_id}),
        {"file": upload(pdf_with_open_action_javascript(), "zprava.pdf")},
        follow=True,
    )
    assert response.status_code == 200
    assert not Attachment.objects.exists()
    assert stored_files(tmp_path / "private") == files_before
    with translation.override("cs"):
        expected = refusal(referral_check, pdf_with_open_action_javascript()).messages[0]
    assert expected in response.content.decode()


def test_attachment_service_refuses_a_zip_bomb_without_writing(case, tmp_path):
    referral = case.make(S.DRAFT)
    files_before = stored_files(tmp_path / "private")
    with pytest.raises(AttachmentInvalid):
        services.attachment_add(
            referral=referral, user=case.sender, uploaded_file=upload(ratio_bomb_docx(), "a.docx")
        )
    assert not Attachment.objects.exists()
    assert stored_files(tmp_path / "private") == files_before


def test_attachment_is_stored_under_the_name_of_what_it_is(case):
    referral = case.make(S.DRAFT)
    attachment = services.attachment_add(
        referral=referral, user=case.sender, uploaded_file=upload(docx_bytes(), "zprava.pdf")
    )
    assert attachment.content_type == DOCX
    assert attachment.file.name.endswith(".docx")


def test_consent_with_encrypted_form_is_refused_and_nothing_is_written(case, orgs, tmp_path):
    consents_before = Consent.objects.count()
    files_before = stored_files(tmp_path / "private")
    with pytest.raises(AttachmentInvalid):
        services.consent_grant(
            user=case.sender,
            client=case.client,
            organisation=orgs.third.organisation,
            purpose=Consent.Purpose.ASSESSMENT,
            categories=["identity"],
            valid_from=datetime.date.today(),
            signed_form=upload(encrypted_pdf(), "souhlas.pdf"),
        )
    assert Consent.objects.count() == consents_before
    assert stored_files(tmp_path / "private") == files_before


def test_consent_form_view_shows_the_refusal(client, case, orgs, tmp_path):
    consents_before = Consent.objects.count()
    files_before = stored_files(tmp_path / "private")
    client.force_login(case.sender)
    response = client.post(
        reverse("referrals:consent_create", args=[case.client.reference]),
        {
            "organisation": orgs.third.organisation.pk,
            "purpose": Consent.Purpose.ASSESSMENT,
            "categories": ["identity"],
            "valid_from": datetime.date.today().isoformat(),
            "signed_form": upload(pdf_with_embedded_file(), "souhlas.pdf"),
        },
    )
    assert response.status_code == 200
    with translation.override("cs"):
        expected = refusal(referral_check, pdf_with_embedded_file()).messages[0]
    assert expected in response.content.decode()
    assert Consent.objects.count() == consents_before
    assert stored_files(tmp_path / "private") == files_before


# --- Library documents in the Wagtail admin -------------------------------------------------


@pytest.fixture
def root_collection(db):
    return Collection.get_first_root_node()


def assert_nothing_written(tmp_path):
    assert not LibraryDocument.objects.exists()
    assert not UploadedFile.objects.exists()
    assert stored_files(tmp_path) == []


BAD_LIBRARY_UPLOADS = {
    "pdf-javascript": (pdf_with_open_action_javascript, "metodika.pdf", "pdf_active_content"),
    "zip-bomb": (ratio_bomb_docx, "metodika.docx", "zip_bomb"),
    "lying-name": (docx_bytes, "metodika.pdf", "extension_mismatch"),
    "html-as-pdf": (lambda: b"<script>alert(1)</script>", "metodika.pdf", "type"),
}


def expected_message(build, name) -> str:
    with translation.override("cs"):
        return refusal(library_check, build(), name).messages[0]


@pytest.mark.parametrize("bad", BAD_LIBRARY_UPLOADS, ids=list(BAD_LIBRARY_UPLOADS))
def test_admin_document_upload_is_refused_with_nothing_written(
    bad, admin_client, root_collection, tmp_path
):
    build, name, _code = BAD_LIBRARY_UPLOADS[bad]
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Metodika", "file": upload(build(), name), "collection": root_collection.pk},
    )
    assert response.status_code == 200  # the form again, with the error
    assert escape(expected_message(build, name)) in response.content.decode()
    assert_nothing_written(tmp_path)


@pytest.mark.parametrize("bad", BAD_LIBRARY_UPLOADS, ids=list(BAD_LIBRARY_UPLOADS))
def test_admin_multiple_upload_is_refused_with_nothing_written(
    bad, admin_client, root_collection, tmp_path
):
    build, name, _code = BAD_LIBRARY_UPLOADS[bad]
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload(build(), name), "collection": root_collection.pk},
    )
    payload = response.json()
    assert payload["success"] is False
    assert payload["error_message"] == expected_message(build, name)
    assert_nothing_written(tmp_path)


def test_admin_chooser_upload_is_refused_with_nothing_written(
    admin_client, root_collection, tmp_path
):
    response = admin_client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Metodika",
            "document-chooser-upload-file": upload(pdf_with_embedded_file(), "m.pdf"),
            "document-chooser-upload-collection": root_collection.pk,
        },
    )
    assert response.status_code == 200
    payload = response.json()
    assert payload["step"] == "reshow_creation_form"
    message = expected_message(pdf_with_embedded_file, "m.pdf")
    assert escape(message) in payload["htmlFragment"]
    assert_nothing_written(tmp_path)


def test_admin_upload_of_a_real_document_is_stored(admin_client, root_collection, tmp_path):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Metodika",
            "file": upload(real_pdf(), "metodika.pdf"),
            "collection": root_collection.pk,
        },
    )
    assert response.status_code == 302
    document = LibraryDocument.objects.get()
    assert len(stored_files(tmp_path / "private")) == 1
    assert document.file.name.startswith("library/")


def test_replacing_a_document_file_with_a_bad_one_keeps_the_old_file(
    admin_client, root_collection, tmp_path
):
    original = real_pdf()
    admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Metodika",
            "file": upload(original, "metodika.pdf"),
            "collection": root_collection.pk,
        },
    )
    document = LibraryDocument.objects.get()
    before = stored_files(tmp_path)
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Metodika",
            "file": upload(pdf_with_launch_action(), "metodika.pdf"),
            "collection": root_collection.pk,
        },
    )
    assert response.status_code == 200
    assert stored_files(tmp_path) == before
    document.refresh_from_db()
    with document.file.open("rb") as stored:
        assert stored.read() == original


def test_editing_only_the_title_does_not_recheck_the_stored_file(admin_client, root_collection):
    admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Metodika",
            "file": upload(real_pdf(), "metodika.pdf"),
            "collection": root_collection.pk,
        },
    )
    document = LibraryDocument.objects.get()
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Metodika 2026", "collection": root_collection.pk},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Metodika 2026"
