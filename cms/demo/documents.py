"""Real, openable library files for the demo: PDF (fpdf2), DOCX (python-docx), XLSX
(openpyxl).

Files carry fixed metadata and zip-entry dates, so the same text gives the same PDF and
DOCX bytes (openpyxl always stamps the save time into an XLSX). Idempotency does not rely
on that: a document is looked up by title and collection and generated only when missing.
"""

import datetime
import io
import zipfile
from collections.abc import Callable, Sequence

from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from core.pdf import FONT, PdfFontsMissing, czech_pdf
from knowledge.models import LibraryDocument

from .text import parse

# One fixed timestamp for every file's metadata: re-generating gives the same header.
FILE_DATE = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.UTC)


def _zip_with_fixed_dates(data: bytes) -> bytes:
    """DOCX and XLSX are zip files whose entries carry the time of writing; rewriting them
    with one fixed date makes the same content give the same bytes (and file hash)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FILE_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(entry.filename))
    return buffer.getvalue()


def pdf_bytes(
    *,
    title: str,
    organisation: str,
    year: int | None,
    body: str,
    table: tuple[Sequence[str], Sequence[Sequence]] | None = None,
) -> bytes:
    try:
        pdf = czech_pdf(title=title, author=organisation, margin=20, creation_date=FILE_DATE)
    except PdfFontsMissing as error:
        # Core PDF fonts have no Czech glyphs; fail loudly rather than write broken files.
        raise CommandError(str(error.message)) from error

    def write(text: str, size: float, style: str = "", height: float = 6, gap: float = 2):
        pdf.set_font(FONT, style, size)
        # Left-aligned: justified lines come back from text extraction with double spaces.
        pdf.multi_cell(0, height, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    write(title, 17, "B", height=8, gap=3)
    write(organisation + (f", {year}" if year else ""), 11, gap=6)
    for block in parse(body):
        if block.kind == "heading":
            write(block.text, 13, "B", height=7)
        elif block.kind == "list":
            for line in block.lines:
                write(f"•  {line}", 11, gap=1)
            pdf.ln(2)
        else:
            write(block.text, 11, gap=3)
    if table is not None:
        headers, rows = table
        pdf.set_font(FONT, "", 10)
        widths = (2,) + (1,) * (len(headers) - 1)  # the label column gets twice the room
        with pdf.table(first_row_as_headings=True, text_align="LEFT", col_widths=widths) as grid:
            for row in [headers, *rows]:
                cells = grid.row()
                for value in row:
                    cells.cell(str(value))
    return bytes(pdf.output())


def docx_bytes(*, title: str, organisation: str, year: int | None, body: str) -> bytes:
    import docx

    document = docx.Document()
    properties = document.core_properties
    properties.title = title
    properties.author = organisation
    properties.language = "cs-CZ"
    properties.created = FILE_DATE.replace(tzinfo=None)
    properties.modified = FILE_DATE.replace(tzinfo=None)
    document.add_heading(title, level=0)
    document.add_paragraph(organisation + (f", {year}" if year else ""))
    for block in parse(body):
        if block.kind == "heading":
            document.add_heading(block.text, level=1)
        elif block.kind == "list":
            for line in block.lines:
                document.add_paragraph(line, style="List Bullet")
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return _zip_with_fixed_dates(buffer.getvalue())


def xlsx_bytes(
    *,
    title: str,
    organisation: str,
    year: int | None,
    headers: Sequence[str],
    rows: Sequence[Sequence],
    note: str = "",
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.properties.title = title
    workbook.properties.creator = organisation
    workbook.properties.created = FILE_DATE.replace(tzinfo=None)
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([organisation + (f", {year}" if year else "")])
    sheet.append([])
    sheet.append(list(headers))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    if note:
        sheet.append([])
        sheet.append([note])
    for index, header in enumerate(headers):
        width = max([len(str(header))] + [len(str(row[index])) for row in rows]) + 2
        sheet.column_dimensions[chr(ord("A") + index)].width = min(max(width, 12), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _zip_with_fixed_dates(buffer.getvalue())


def document_ensure(
    *, title: str, filename: str, collection: Collection, build: Callable[[], bytes]
) -> tuple[LibraryDocument, bool]:
    """The document with this title in this collection; `build` runs only to create it."""
    document = LibraryDocument.objects.filter(title=title, collection=collection).first()
    if document is not None:
        return document, False
    content = build()
    document = LibraryDocument(title=title, collection=collection)
    document.file.save(filename, ContentFile(content), save=False)
    document.file_size = len(content)
    document.file_hash = hash_filelike(io.BytesIO(content))
    document.full_clean(exclude=["file_hash", "file_size"])
    document.save()
    return document, True
