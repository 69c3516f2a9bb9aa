"""The outcome table as CSV or XLSX: one row per group and the total, one column per
measure, shares as fractions rounded to three places. Only the protected table
(outcomes.protection) is exported: hidden cells are written as the page shows them."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import XLSX_DATE, czech_csv

from .measures import MEASURES
from .protection import Hidden, ProtectedTable


def _value(measure, value):
    if value is None:
        return ""
    if isinstance(value, Hidden):
        return str(value)  # "méně než 5" or "×": the export hides what the page hides
    if measure.kind in ("share", "days"):
        return round(float(value), 3)
    return int(value)


def table_rows(table: ProtectedTable) -> list[list]:
    header = [_("Group"), *[str(m.label) for m in MEASURES]]
    body = [
        [row.label, *[_value(m, row.values.get(m.name)) for m in MEASURES]]
        for row in [*table.rows, table.total]
    ]
    return [header, *body]


def as_csv(table: ProtectedTable) -> bytes:
    """Semicolons, decimal commas and a byte-order mark: a Czech Excel opens it in columns."""
    period = [_("Period"), table.start.isoformat(), table.end.isoformat()]
    return czech_csv([period, *table_rows(table)])


def as_xlsx(table: ProtectedTable) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Outcomes")[:31]
    sheet.append([_("Period"), table.start, table.end])
    for cell in sheet[1][1:]:
        cell.number_format = XLSX_DATE  # real date cells, not text
    rows = table_rows(table)
    for row in rows:
        sheet.append(row)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    share_columns = [i + 2 for i, m in enumerate(MEASURES) if m.kind == "share"]
    for column in share_columns:
        for (cell,) in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
            cell.number_format = "0.0%"
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
