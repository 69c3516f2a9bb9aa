"""Importing a payment list from a city's accounting (docs/payment-import.md): a CSV file,
semicolon separated, with the date, the variable symbol and the amount in Czech formats
(5. 3. 2026; 1 234,50), optionally who paid and a note. Every row is checked first; a file
with a bad row is refused whole, with each problem named by its line, so nothing is ever
half-imported. Rows whose variable symbol belongs to no stay the organisation keeps (the
accounting's other tenants) are skipped and listed. The same file is never imported twice.
"""

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Organisation

from .. import permissions
from ..errors import ActionNotPermitted, PaymentListInvalid
from ..models import Payment, PaymentImport, StayAccount
from .finance import account_refresh

MAX_ROWS = 20_000
DATE = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")
AMOUNT = re.compile(r"^-?\d{1,3}(?:[ .]\d{3})*(?:,\d{1,2})?$|^-?\d+(?:,\d{1,2})?$")
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\t": " "})
PAYERS = {
    "": Payment.Payer.CLIENT,
    "klient": Payment.Payer.CLIENT,
    "klientka": Payment.Payer.CLIENT,
    "nájemce": Payment.Payer.CLIENT,
    "úp": Payment.Payer.LABOUR_OFFICE,
    "up": Payment.Payer.LABOUR_OFFICE,
    "úřad práce": Payment.Payer.LABOUR_OFFICE,
    "jiný": Payment.Payer.OTHER,
    "jiny": Payment.Payer.OTHER,
    "jiné": Payment.Payer.OTHER,
}


@dataclass(frozen=True)
class Row:
    line: int
    paid_on: datetime.date
    variable_symbol: str
    amount: Decimal
    payer: str
    note: str


@dataclass
class ImportResult:
    batch: PaymentImport
    imported: int
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, variable symbol)


def _text(content: bytes) -> str:
    """UTF-8 (with or without a BOM) or, as older accounting software writes, Windows-1250."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1250")


def parse_date(value: str) -> datetime.date | None:
    match = DATE.match(value.translate(SPACES).strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_amount(value: str) -> Decimal | None:
    text = value.translate(SPACES).strip()
    for suffix in ("Kč", "CZK", "kč"):
        text = text.removesuffix(suffix).strip()
    if not AMOUNT.match(text):
        return None
    try:
        return Decimal(text.replace(" ", "").replace(".", "").replace(",", ".")).quantize(
            Decimal("0.01")
        )
    except InvalidOperation:
        return None


def normalised_symbol(value: str) -> str:
    """Banks treat the variable symbol as a number: leading zeros do not count."""
    return value.strip().lstrip("0") or "0"


def _is_header(cells: list[str]) -> bool:
    return parse_date(cells[0]) is None and any(c.isalpha() for c in cells[0])


def parse_payment_list(content: bytes, *, today: datetime.date) -> tuple[list[Row], list]:
    """The rows of the list and the problems found, each (line number, message)."""
    rows: list[Row] = []
    problems: list[tuple[int, str]] = []
    reader = csv.reader(io.StringIO(_text(content)), delimiter=";")
    first = True
    for number, cells in enumerate(reader, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if first and _is_header(cells):
            first = False
            continue
        first = False
        if len(cells) < 3:
            problems.append((number, _("Expected date;variable symbol;amount separated by ';'.")))
            continue
        paid_on = parse_date(cells[0])
        symbol = cells[1].replace(" ", "")
        amount = parse_amount(cells[2])
        payer = PAYERS.get(cells[3].lower()) if len(cells) > 3 else Payment.Payer.CLIENT
        found = []
        if paid_on is None:
            found.append(
                _("The date “%(value)s” is not a date like 5. 3. 2026.") % {"value": cells[0]}
            )
        elif paid_on > today:
            found.append(_("The date %(value)s is in the future.") % {"value": cells[0]})
        if not (symbol.isdigit() and len(symbol) <= 10):
            found.append(
                _("The variable symbol “%(value)s” is not 1–10 digits.") % {"value": cells[1]}
            )
        if amount is None:
            found.append(_("The amount “%(value)s” is not like 1 234,50.") % {"value": cells[2]})
        elif amount <= 0:
            found.append(_("The amount must be more than zero."))
        if payer is None:
            found.append(_("Unknown payer “%(value)s” (klient, ÚP or jiný).") % {"value": cells[3]})
        if found:
            problems.extend((number, message) for message in found)
            continue
        rows.append(
            Row(number, paid_on, symbol, amount, payer, cells[4][:200] if len(cells) > 4 else "")
        )
    return rows, problems


@transaction.atomic
def payments_import(*, user, organisation: Organisation, content: bytes, file_name: str):
    """Import one payment list into the accounts the organisation keeps, all or nothing."""
    if not permissions.can_import_payments(user, organisation.pk):
        raise ActionNotPermitted()
    digest = hashlib.sha256(content).hexdigest()
    if PaymentImport.objects.filter(organisation=organisation, sha256=digest).exists():
        raise PaymentListInvalid(_("This payment list was already imported."))
    today = timezone.localdate()
    try:
        rows, problems = parse_payment_list(content, today=today)
    except (UnicodeDecodeError, csv.Error) as error:
        raise PaymentListInvalid(_("The file is not a CSV text file.")) from error
    if len(rows) > MAX_ROWS:
        raise PaymentListInvalid(_("The list is too long: at most 20 000 rows at once."))
    if problems:
        raise PaymentListInvalid(problems=problems)
    if not rows:
        raise PaymentListInvalid(_("The list has no payments."))
    accounts = {
        normalised_symbol(account.variable_symbol): account
        for account in StayAccount.objects.select_for_update()
        .filter(organisation=organisation)
        .exclude(variable_symbol="")
    }
    batch = PaymentImport.objects.create(
        organisation=organisation,
        file_name=file_name[:200],
        sha256=digest,
        rows=len(rows),
        imported_by=user,
    )
    payments, skipped, touched = [], [], {}
    for row in rows:
        account = accounts.get(normalised_symbol(row.variable_symbol))
        if account is None:
            skipped.append((row.line, row.variable_symbol))
            continue
        touched[account.pk] = account
        payments.append(
            Payment(
                account=account,
                paid_on=row.paid_on,
                amount=row.amount,
                payer=row.payer,
                variable_symbol=row.variable_symbol,
                note=row.note,
                source=Payment.Source.IMPORT,
                batch=batch,
                recorded_by=user,
            )
        )
    Payment.objects.bulk_create(payments, batch_size=2000)
    batch.imported, batch.skipped = len(payments), len(skipped)
    batch.skipped_rows = [list(row) for row in skipped]
    batch.save(update_fields=["imported", "skipped", "skipped_rows"])
    for account in touched.values():
        account_refresh(account, today=today)
    return ImportResult(batch=batch, imported=len(payments), skipped=skipped)
