"""Uploads are checked by content before anything is written: a file that lies about its
type, is too large, is a zip bomb or a PDF with active content is refused with a Czech
message, and neither a file nor a row stays behind. Every fixture file is built here."""

import ast
import datetime
import io
import json
import re
import struct
import warnings
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import polib
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)
from wagtail.models import Collection, UploadedFile

from core import uploads
from core.uploads import DOCX, ODS, ODT, PDF, PNG, XLSX
from knowledge.document_forms import allowed_content_types
from knowledge.document_forms import max_upload_size as library_max_size
from knowledge.models import LibraryDocument
from referrals import services
from referrals.errors import AttachmentInvalid
from referrals.models import Attachment, Consent
from tests.referrals import conftest as referral_fixtures
from tests.referrals.conftest import S

# The referral fixtures (a client with consents, a receiving programme), for this module.
case = referral_fixtures.case
programme = referral_fixtures.programme

# --- Files, built in code ------------------------------------------------------------------


def real_pdf(text="Metodika tréninkového bydlení") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text.encode("ascii", "ignore").decode())
    return bytes(pdf.output())


def pdf_with_web_link() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Metodika", link="https://www.socialnibydleni.example/metodika")
    return bytes(pdf.output())


def _rewrite(edit) -> bytes:
    """A real PDF passed through pypdf with `edit(writer)` applied."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(real_pdf())))
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _js_action(writer, code="app.alert(document.cookie)"):
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Action"),
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(code),
            }
        )
    )


def pdf_with_document_javascript() -> bytes:
    def edit(writer):
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("a"), _js_action(writer)])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): writer._add_object(tree)}
        )

    return _rewrite(edit)


def pdf_with_open_action_javascript() -> bytes:
    return _rewrite(lambda w: w._root_object.__setitem__(NameObject("/OpenAction"), _js_action(w)))


def pdf_with_page_aa_javascript() -> bytes:
    def edit(writer):
        writer.pages[0][NameObject("/AA")] = DictionaryObject(
            {NameObject("/O"): _js_action(writer)}
        )

    return _rewrite(edit)


def pdf_with_launch_action() -> bytes:
    def edit(writer):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Launch"),
                NameObject("/F"): TextStringObject("cmd.exe"),
            }
        )

    return _rewrite(edit)


def pdf_with_javascript_link() -> bytes:
    """A link annotation whose URI action is a javascript: address."""

    def edit(writer):
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([]),
                NameObject("/A"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/URI"),
                        NameObject("/URI"): TextStringObject(" javascript:alert(1)"),
                    }
                ),
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])

    return _rewrite(edit)


def pdf_with_embedded_file() -> bytes:
    return _rewrite(lambda w: w.add_attachment("faktura.exe", b"MZ\x90\x00"))


def pdf_with_file_attachment_annotation(tmp_path) -> bytes:
    payload = tmp_path / "priloha.txt"
    payload.write_bytes(b"skryty obsah")
    pdf = FPDF()
    pdf.add_page()
    pdf.file_attachment_annotation(payload, x=10, y=10)
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    return _rewrite(lambda w: w.encrypt(user_password="heslo", owner_password="heslo"))


def pdf_with_open_action_goto() -> bytes:
    """Opening at the first page with a zoom: an ordinary /OpenAction, not active content."""

    def edit(writer):
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )

    return _rewrite(edit)


def hand_built_pdf(objects: list[bytes], *, root=1) -> bytes:
    """A PDF with a classic cross-reference table around the given object bodies."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


PAGE_OBJECTS = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
]


def pdf_with_escaped_names() -> bytes:
    """/J#61vaScript and /J#53 are /JavaScript and /JS to every viewer."""
    catalog = (
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>"
    )
    return hand_built_pdf([catalog, *PAGE_OBJECTS])


def pdf_in_object_stream(*, with_javascript: bool) -> bytes:
    """Catalog, pages and page inside a compressed object stream, found through a
    cross-reference stream: the JavaScript is invisible to a scan of the raw bytes."""
    action = b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>" if with_javascript else b""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R" + action + b" >>", *PAGE_OBJECTS]
    header, data = b"", b""
    for number, body in enumerate(bodies, start=1):
        header += b"%d %d " % (number, len(data))
        data += body + b" "
    packed = zlib.compress(header + data)
    out = bytearray(b"%PDF-1.7\n")
    objstm_offset = len(out)
    out += (
        b"4 0 obj\n<< /Type /ObjStm /N 3 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (
            len(header),
            len(packed),
        )
    )
    out += packed + b"\nendstream\nendobj\n"
    xref_offset = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 2, 4, index) for index in range(3)]
    rows += [struct.pack(">BIH", 1, objstm_offset, 0), struct.pack(">BIH", 1, xref_offset, 0)]
    table = b"".join(rows)
    out += b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(
        table
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)


def docx_bytes(extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Doporučení ke sociálnímu bydlení")
    document.save(buffer)
    if not extra:
        return buffer.getvalue()
    return rezip(buffer.getvalue(), extra)


def rezip(package: bytes, extra: dict) -> bytes:
    out = io.BytesIO()
    with (
        warnings.catch_warnings(),  # a duplicate name is what one test builds on purpose
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        warnings.simplefilter("ignore", UserWarning)
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, content in extra.items():
            target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Splátkový kalendář"
    workbook.save(buffer)
    return buffer.getvalue()


def odf_bytes(mimetype=ODT, *, extra: dict | None = None, stored_mimetype=True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "mimetype",
            mimetype,
            compress_type=zipfile.ZIP_STORED if stored_mimetype else zipfile.ZIP_DEFLATED,
        )
        package.writestr("content.xml", "<office:document-content/>")
        package.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
        for name, content in (extra or {}).items():
            package.writestr(name, content)
    return out.getvalue()


def png_bytes(width=1, height=1) -> bytes:
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def ratio_bomb_docx() -> bytes:
    """A real DOCX plus one part of 20 MB of zeros, packed to about 20 kB."""
    return docx_bytes({"word/media/vypln.bin": b"\0" * (20 * 1024 * 1024)})


def many_members_docx(count=1200) -> bytes:
    return docx_bytes({f"customXml/polozka{n}.xml": b"<a/>" for n in range(count)})


def docx_lying_about_a_member_size() -> bytes:
    """A member that declares 1 kB unpacked but inflates to 2 MB: the ratio check on the
    declared sizes passes, the inflation stops at the declared size and fails its CRC."""
    name = b"word/media/lez.bin"
    package = bytearray(docx_bytes({name.decode(): b"x" * (2 * 1024 * 1024)}))
    real_size = struct.pack("<I", 2 * 1024 * 1024)
    fake_size = struct.pack("<I", 1024)
    # Local header: size at offset 22; central directory entry: at offset 24.
    local = package.rfind(b"PK\x03\x04", 0, package.find(name))
    central = package.rfind(b"PK\x01\x02", 0, package.rfind(name))
    assert package[local + 22 : local + 26] == real_size
    assert package[central + 24 : central + 28] == real_size
    package[local + 22 : local + 26] = fake_size
    package[central + 24 : central + 28] = fake_size
    return bytes(package)


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def library_check(content: bytes, name: str) -> str:
    return uploads.validate_upload(
        upload(content, name),
        allowed=allowed_content_types(),
        max_size=library_max_size(),
        check_extension=True,
    )


def referral_check(content: bytes, name: str = "soubor.bin") -> str:
    from referrals.validators import validate_upload

    return validate_upload(upload(content, name))


def refusal(check, *args) -> ValidationError:
    with translation.override("cs"), pytest.raises(ValidationError) as raised:
        check(*args)
    assert raised.value.messages[0].strip()
    return raised.value


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- The validator --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build,name,expected",
    [
        (real_pdf, "metodika.pdf", PDF),
        (pdf_with_open_action_goto, "metodika.pdf", PDF),
        (pdf_with_web_link, "metodika.pdf", PDF),
        (lambda: pdf_in_object_stream(with_javascript=False), "kompaktni.pdf", PDF),
        (docx_bytes, "metodika.docx", DOCX),
        (xlsx_bytes, "statistika.xlsx", XLSX),
        (odf_bytes, "koncepce.odt", ODT),
        (lambda: odf_bytes(ODS), "tabulka.ods", ODS),
    ],
    ids=[
        "pdf",
        "pdf-goto-open-action",
        "pdf-web-link",
        "pdf-object-streams",
        "docx",
        "xlsx",
        "odt",
        "ods",
    ],
)
def test_library_accepts_real_documents(build, name, expected):
    assert library_check(build(), name) == expected


@pytest.mark.parametrize(
    "build,expected",
    [
        (real_pdf, PDF),
        (docx_bytes, DOCX),
        (xlsx_bytes, XLSX),
        (png_bytes, PNG),
    ],
    ids=["pdf", "docx", "xlsx", "png"],
)
def test_referral_files_are_recognised_whatever_their_name(build, expected):
    assert referral_check(build(), "nazev-lze.exe") == expected


@pytest.mark.parametrize(
    "build",
    [
        pdf_with_document_javascript,
        pdf_with_open_action_javascript,
        pdf_with_page_aa_javascript,
        pdf_with_launch_action,
        pdf_with_embedded_file,
        pdf_with_javascript_link,
        pdf_with_escaped_names,
        lambda: pdf_in_object_stream(with_javascript=True),
    ],
    ids=[
        "names-javascript",
        "open-action-js",
        "page-aa-js",
        "launch",
        "embedded-file",
        "javascript-link",
        "hex-escaped-names",
        "js-hidden-in-object-stream",
    ],
)
@pytest.mark.parametrize("check", [library_check, referral_check], ids=["library", "referral"])
def test_pdf_with_active_content_is_refused(build, check):
    content = build()
    assert content.startswith(b"%PDF-")
    error = refusal(check, content, "zprava.pdf")
    assert error.code == "pdf_active_content"


def test_pdf_with_file_attachment_annotation_is_refused(tmp_path):
    error = refusal(library_check, pdf_with_file_attachment_annotation(tmp_path), "a.pdf")
    assert error.code == "pdf_active_content"


def test_javascript_in_object_stream_is_found_by_the_parser_not_the_byte_scan():
    content = pdf_in_object_stream(with_javascript=True)
    assert b"JavaScript" not in content  # compressed: only pypdf can see it
    assert refusal(referral_check, content).code == "pdf_active_content"


def test_encrypted_pdf_is_refused():
    assert refusal(library_check, encrypted_pdf(), "tajne.pdf").code == "pdf_encrypted"


def test_unreadable_pdf_with_object_streams_is_refused_as_uncheckable():
    content = pdf_in_object_stream(with_javascript=False)
    broken = content[: content.rfind(b"startxref")]  # no way to find the objects
    assert refusal(referral_check, broken).code == "damaged"


@pytest.mark.parametrize(
    "content,name",
    [
        (b"MZ\x90\x00\x03 program", "faktura.pdf"),
        (b"<html><script>alert(1)</script></html>", "zprava.pdf"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "obrazek.pdf"),
        (b"GIF89a" + b"\0" * 20, "obrazek.pdf"),
    ],
    ids=["exe", "html", "svg", "gif"],
)
@pytest.mark.parametrize("check", [library_check, referral_check], ids=["library", "referral"])
def test_content_that_is_not_an_allowed_type_is_refused(content, name, check):
    assert refusal(check, content, name).code == "type"


def test_library_refuses_a_name_that_lies_about_the_content():
    error = refusal(library_check, docx_bytes(), "metodika.pdf")
    assert error.code == "extension_mismatch"
    assert ".pdf" in error.messages[0] and "DOCX" in error.messages[0]


def test_library_refuses_images_and_referrals_refuse_opendocument():
    assert refusal(library_check, png_bytes(), "foto.png").code == "type"
    assert refusal(referral_check, odf_bytes(), "koncepce.odt").code == "type"


@pytest.mark.parametrize(
    "build,code",
    [
        (ratio_bomb_docx, "zip_bomb"),
        (many_members_docx, "zip_bomb"),
        (docx_lying_about_a_member_size, "damaged"),
        (lambda: docx_bytes({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}), "macros"),
        (lambda: odf_bytes(extra={"Basic/Standard/Module1.xml": "<script/>"}), "macros"),
        (lambda: rezip(docx_bytes(), {"word/document.xml": "<w:document/>"}), "damaged"),
    ],
    ids=["ratio", "member-count", "lying-member-size", "docx-vba", "odt-basic", "duplicate-name"],
)
def test_dangerous_packages_are_refused_without_unpacking_to_disk(build, code, tmp_path):
    content = build()
    assert len(content) < 1024 * 1024  # the upload itself is small
    error = refusal(library_check, content, "dokument.odt" if b"mimetype" in content else "d.docx")
    assert error.code == code
    assert stored_files(tmp_path) == []


def test_total_unpacked_size_limit_comes_from_settings(settings):
    settings.UPLOAD_ZIP_MAX_UNCOMPRESSED = 10_000
    assert refusal(library_check, docx_bytes(), "metodika.docx").code == "zip_bomb"


@pytest.mark.parametrize(
    "content",
    [
        odf_bytes(stored_mimetype=False),  # ODF requires the mimetype member stored first
        odf_bytes("application/vnd.oasis.opendocument.graphics"),
        rezip(docx_bytes(), {}).replace(b"word/document.xml", b"word/dokument.xml"),
    ],
    ids=["odf-compressed-mimetype", "odf-other-format", "docx-main-part-missing"],
)
def test_package_that_is_not_really_that_format_is_refused(content):
    assert refusal(library_check, content, "dokument.odt").code in {"type", "damaged"}


def test_png_decompression_bomb_is_refused():
    # 20 000 x 20 000 pixels declared in a file of a few dozen bytes.
    error = refusal(referral_check, png_bytes(20_000, 20_000), "foto.png")
    assert error.code == "image_too_large"


def test_size_limits_come_from_settings(settings):
    settings.REFERRALS_ATTACHMENT_MAX_SIZE = 1000
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1000
    content = real_pdf() + b"%" * 1000
    assert refusal(referral_check, content).code == "too_large"
    assert refusal(library_check, content, "velky.pdf").code == "too_large"


def _upload_msgids() -> list[str]:
    tree = ast.parse(Path(uploads.__file__).read_text())
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "_"
        and isinstance(node.args[0], ast.Constant)
    ]


def test_every_refusal_message_has_a_czech_translation():
    root = Path(__file__).resolve().parent.parent / "locale"
    translated = {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(root / "cs" / "LC_MESSAGES" / "django.po"))
        if entry.msgstr and not entry.obsolete
    }
    pending = root / "pending" / "uploads.json"
    if pending.exists():  # until the lead merges it into django.po
        translated.update(json.loads(pending.read_text()))
    msgids = _upload_msgids()
    assert len(msgids) >= 9
    missing = [msgid for msgid in msgids if not translated.get(msgid)]
    assert missing == []
    for msgid in msgids:
        placeholders = set(re.findall(r"%\((\w+)\)s", msgid))
        assert set(re.findall(r"%\((\w+)\)s", translated[msgid])) == placeholders


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
