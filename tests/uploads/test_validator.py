"""The upload check by content: real documents of each kind pass; a file that lies about
its type or name, is too large, is a zip bomb, has macros or is a PDF with active content
is refused with a Czech message; every refusal message has its translation."""

import ast
import json
import re
from pathlib import Path

import polib
import pytest

from core import uploads
from core.uploads import DOCX, ODS, ODT, PDF, PNG, XLSX
from tests.uploads.files import (
    docx_bytes,
    docx_lying_about_a_member_size,
    encrypted_pdf,
    library_check,
    many_members_docx,
    odf_bytes,
    pdf_in_object_stream,
    pdf_with_document_javascript,
    pdf_with_embedded_file,
    pdf_with_escaped_names,
    pdf_with_file_attachment_annotation,
    pdf_with_javascript_link,
    pdf_with_launch_action,
    pdf_with_open_action_goto,
    pdf_with_open_action_javascript,
    pdf_with_page_aa_javascript,
    pdf_with_web_link,
    png_bytes,
    ratio_bomb_docx,
    real_pdf,
    referral_check,
    refusal,
    rezip,
    stored_files,
    xlsx_bytes,
)


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
    """Every gettext call in the modules of core.uploads."""
    modules = sorted(Path(uploads.__file__).parent.glob("*.py"))
    return [
        node.args[0].value
        for module in modules
        for node in ast.walk(ast.parse(module.read_text()))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "_"
        and isinstance(node.args[0], ast.Constant)
    ]


def test_every_refusal_message_has_a_czech_translation():
    root = Path(__file__).resolve().parents[2] / "locale"
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
