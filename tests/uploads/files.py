"""Upload fixture files, built in code (no binary fixtures in the repository): real
documents of each kind and ones that lie, carry active content or are bombs; and the two
checks that uploads go through (library documents, referral files)."""

import io
import struct
import warnings
import zipfile
import zlib

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from core import uploads
from core.uploads import ODT
from knowledge.document_forms import allowed_content_types
from knowledge.document_forms import max_upload_size as library_max_size


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


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
