"""The indicator report as XLSX (openpyxl) and PDF (fpdf2 with the DejaVu fonts, which
have the Czech glyphs the PDF core fonts lack). Numbers stay numbers in the spreadsheet;
the PDF writes them the Czech way (space for thousands, comma for decimals)."""

import datetime
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.dates import czech_date
from core.pdf import FONT, czech_pdf
from core.spreadsheets import XLSX_DATE

from .reports import COLUMNS, ProjectReport


def _number(value: Decimal | None):
    """Whole numbers as int, others as float for the spreadsheet; None stays empty."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


NBSP = "\u00a0"


def _czech(value: Decimal | None, suffix: str = "") -> str:
    """A figure as Czech writes it: decimal comma, thousands apart by a no-break space (a
    line break never splits 12 500), one decimal place where it is not whole."""
    if value is None:
        return "–"
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.1f}"
    return text.replace(",", NBSP).replace(".", ",") + suffix


def _heading(report: ProjectReport) -> list[tuple]:
    """(label, value, …) lines above the table; dates stay dates here, each file writes
    them its own way (date cells in the spreadsheet, Czech text in the PDF)."""
    lines = [(_("Project"), report.title)]
    if report.registration_number:
        lines.append((_("Registration number"), report.registration_number))
    if report.lead:
        lines.append((_("Lead organisation"), report.lead))
    if report.funding:
        lines.append((_("Funding"), report.funding))
    lines += [
        (_("Reporting period"), report.start, report.end),
        (_("Cumulatively since"), report.project_start),
        (_("Made on"), report.made_on),
    ]
    return lines


def _heading_text(values: tuple) -> str:
    """A heading line's values as the PDF writes them: dates the Czech way, a period as
    "1. 4. 2025 – 30. 6. 2025"."""
    return " – ".join(
        czech_date(value) if isinstance(value, datetime.date) else str(value) for value in values
    )


def report_xlsx(report: ProjectReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indicators")[:31]
    sheet.append([_("Indicator report")])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, *values in _heading(report):
        sheet.append([label, *values])
        for cell in sheet[sheet.max_row][1:]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = XLSX_DATE
    sheet.append([])
    sheet.append([str(column) for column in COLUMNS])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in report.rows:
        share = row.share_of_target
        sheet.append(
            [
                row.code,
                row.name,
                row.unit,
                _number(row.target),
                _number(row.in_period),
                _number(row.cumulative),
                float(share) / 100 if share is not None else None,
            ]
        )
        sheet.cell(sheet.max_row, 7).number_format = "0.0%"
    for column, width in zip("ABCDEFG", (12, 48, 12, 12, 14, 14, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_pdf(report: ProjectReport) -> bytes:
    from fpdf.fonts import FontFace

    pdf = czech_pdf(
        title=f"{_('Indicator report')} – {report.title}", orientation="landscape", margin=15
    )
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, _("Indicator report"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for label, *values in _heading(report):
        pdf.set_font(FONT, "B", 9)
        pdf.cell(45, 5, f"{label}:")
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(0, 5, _heading_text(values), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(22, 95, 22, 25, 30, 30, 20),
        text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD"),
        line_height=5,
    ) as table:
        table.row([str(column) for column in COLUMNS])
        for row in report.rows:
            table.row(
                [
                    row.code,
                    row.name,
                    row.unit,
                    _czech(row.target),
                    _czech(row.in_period),
                    _czech(row.cumulative),
                    _czech(row.share_of_target, NBSP + "%"),
                ]
            )
    pdf.ln(3)
    pdf.set_font(FONT, "", 7)
    pdf.multi_cell(
        0,
        4,
        _(
            "Computed indicators are counted from the portal's casework of the project's "
            "programmes; the others are the values the project entered for its periods."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
