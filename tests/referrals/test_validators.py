"""Uploads are recognised by their content, not by their names."""

import io
import struct
import zipfile
import zlib

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from referrals.validators import DOCX, JPEG, PDF, PNG, XLSX, validate_upload
from tests.referrals.conftest import PDF_BYTES


def upload(content: bytes, name: str = "soubor.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Doporučení")
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Splátkový kalendář"
    workbook.save(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def zip_bytes(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content,expected",
    [
        (PDF_BYTES, PDF),
        (docx_bytes(), DOCX),
        (xlsx_bytes(), XLSX),
        (png_bytes(), PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, JPEG),
    ],
    ids=["pdf", "docx", "xlsx", "png", "jpeg"],
)
def test_allowed_types_are_recognised_by_content(content, expected):
    # The name lies on purpose: only the bytes count.
    assert validate_upload(upload(content, "cokoli.bin")) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03 an executable",
        b"<html><script>alert(1)</script></html>",
        zip_bytes({"readme.txt": "just a zip"}),
        zip_bytes({"[Content_Types].xml": "<Types><Default Extension='xml'/></Types>"}),
        b"PK\x03\x04 broken zip",
        b"GIF89a",
    ],
    ids=["exe", "html", "plain-zip", "zip-without-office-part", "broken-zip", "gif"],
)
def test_other_content_is_refused_whatever_its_name(content):
    with pytest.raises(ValidationError) as raised:
        validate_upload(upload(content, "zprava.pdf"))
    assert raised.value.code == "type"


def test_size_limit_comes_from_settings(settings):
    settings.REFERRALS_ATTACHMENT_MAX_SIZE = 1000
    with pytest.raises(ValidationError) as raised:
        validate_upload(upload(PDF_BYTES + b"0" * 1000))
    assert raised.value.code == "too_large"
    assert "1000" in raised.value.messages[0] or "KB" in raised.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as raised:
        validate_upload(upload(b""))
    assert raised.value.code == "empty"


def test_error_messages_are_translatable():
    from django.utils import translation

    with translation.override("cs"), pytest.raises(ValidationError) as raised:
        validate_upload(upload(b"nonsense"))
    assert raised.value.messages[0]
