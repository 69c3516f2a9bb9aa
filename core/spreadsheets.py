"""CSV files a Czech spreadsheet opens in columns: semicolons between the fields (the list
separator of the Czech locale, since the comma is its decimal mark), a decimal comma, and
a UTF-8 byte-order mark so Excel reads the Czech letters as UTF-8. Every CSV export of the
portal writes through here, Wagtail's admin reports included (core.czech_defaults)."""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

BOM = "\ufeff"
DELIMITER = ";"
# The number format of a date cell in an XLSX file: a real date (sortable, computable)
# that a Czech spreadsheet shows as 7.12.2026.
XLSX_DATE = "d.m.yyyy"


def spreadsheet_value(value):
    """A cell as Czech Excel reads it: 0,333 for a fraction, whole numbers unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")
    return value


def czech_csv_writer(buffer, **kwargs):
    return csv.writer(buffer, delimiter=DELIMITER, **kwargs)


def czech_csv(rows: Iterable[Iterable]) -> bytes:
    """The rows as the bytes of a CSV file for a Czech spreadsheet."""
    buffer = io.StringIO()
    writer = czech_csv_writer(buffer)
    for row in rows:
        writer.writerow([spreadsheet_value(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
