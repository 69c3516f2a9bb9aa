"""Importing a payment list from a city's accounting (docs/payment-import.md): a CSV file,
semicolon separated, with the date, the variable symbol and the amount in Czech formats
(5. 3. 2026; 1 234,50), optionally who paid and a note. Every row is checked first; a file
with a bad row is refused whole, with each problem named by its line, so nothing is ever
half-imported. Rows whose variable symbol belongs to no stay the organisation keeps (the
accounting's other tenants) are skipped and listed. The same file is never imported twice,
and a payment an earlier, overlapping list brought in is not recorded again: it is matched
by its accounting line (account, date, amount and the how-manieth such payment that day).
"""

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.models import Organisation

from .. import permissions
from ..amounts import MAX_AMOUNT, SPACES, parse_amount
from ..errors import ActionNotPermitted, PaymentListInvalid, ReasonRequired, ReferralError
from ..models import Payment, PaymentImport, StayAccount
from .finance import account_refresh

MAX_ROWS = 20_000
DATE = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})$")

ENCODINGS = dict(PaymentImport.Encoding.choices)
# Letters of Czech that the two 8-bit encodings write: where they differ (š ť ž Š Ť Ž),
# decoding in the wrong one gives other characters (ą » ľ © « ® or control codes).
CZECH_LETTERS = frozenset("áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ")
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
    # (line, variable symbol) of the payments an earlier list already recorded.
    duplicates: list[tuple[int, str]] = field(default_factory=list)


def _czech_score(text: str) -> int | None:
    """How Czech a decoding looks: its Czech letters; None if it holds control codes
    (C1), which no text in an 8-bit encoding contains, so the encoding is wrong."""
    if any("\x80" <= char <= "\x9f" for char in text):
        return None
    return sum(1 for char in text if char in CZECH_LETTERS)


def detect_encoding(content: bytes) -> str:
    """UTF-8 (with or without a BOM) when the bytes are valid UTF-8; else Windows-1250 or
    ISO-8859-2, whichever reads as more Czech letters (Windows-1250 when equal, it is the
    commoner one: Excel's plain CSV and most accounting software on Czech Windows)."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    scores = {}
    for encoding in ("cp1250", "iso-8859-2"):
        try:
            scores[encoding] = _czech_score(content.decode(encoding))
        except UnicodeDecodeError:
            scores[encoding] = None
    candidates = [e for e in ("cp1250", "iso-8859-2") if scores[e] is not None]
    if not candidates:
        raise PaymentListInvalid(_("The file is not a CSV text file."))
    return max(candidates, key=lambda e: scores[e])  # max keeps the first of equals


def decode_payment_list(content: bytes, encoding: str = "") -> tuple[str, str]:
    """The text of the list and the encoding it was read in: the one chosen, or detected."""
    if b"\x00" in content:  # a spreadsheet or another binary file uploaded by mistake
        raise PaymentListInvalid(_("The file is not a CSV text file."))
    if encoding and encoding not in ENCODINGS:
        raise PaymentListInvalid(_("Unknown encoding."))
    chosen = encoding or detect_encoding(content)
    try:
        text = content.decode("utf-8-sig" if chosen == "utf-8" else chosen)
    except UnicodeDecodeError as error:
        raise PaymentListInvalid(
            _(
                "The file is not in the encoding %(encoding)s. Choose another encoding or "
                "let the portal detect it."
            )
            % {"encoding": ENCODINGS[chosen]}
        ) from error
    if chosen != "utf-8" and _czech_score(text) is None:
        raise PaymentListInvalid(_("The file is not a CSV text file."))
    return text, chosen


def parse_date(value: str) -> datetime.date | None:
    match = DATE.match(value.translate(SPACES).strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def normalised_symbol(value: str) -> str:
    """Banks treat the variable symbol as a number: leading zeros do not count."""
    return value.strip().lstrip("0") or "0"


def _is_header(cells: list[str]) -> bool:
    return parse_date(cells[0]) is None and any(c.isalpha() for c in cells[0])


def parse_payment_list(text: str, *, today: datetime.date) -> tuple[list[Row], list]:
    """The rows of the list and the problems found, each (line number, message)."""
    rows: list[Row] = []
    problems: list[tuple[int, str]] = []
    reader = csv.reader(io.StringIO(text), delimiter=";")
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
        symbol = cells[1].translate(SPACES).replace(" ", "")
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
        elif amount > MAX_AMOUNT:
            found.append(
                _("The amount “%(value)s” is too large for one payment.") % {"value": cells[2]}
            )
        if payer is None:
            found.append(_("Unknown payer “%(value)s” (klient, ÚP or jiný).") % {"value": cells[3]})
        if found:
            problems.extend((number, message) for message in found)
            continue
        rows.append(
            Row(number, paid_on, symbol, amount, payer, cells[4][:200] if len(cells) > 4 else "")
        )
    return rows, problems


def _occurrences(rows: list[Row], accounts: list[StayAccount | None]) -> list[int]:
    """The accounting-line identity of each row: the how-manieth payment of its amount to
    its account on its day, counting the rows of this list in their order."""
    seen: dict[tuple, int] = {}
    numbers = []
    for row, account in zip(rows, accounts, strict=True):
        key = (account.pk if account else None, row.paid_on, row.amount)
        seen[key] = seen.get(key, 0) + 1
        numbers.append(seen[key])
    return numbers


def _recorded_occurrences(accounts: set[StayAccount], rows: list[Row]) -> dict[tuple, set[int]]:
    """(account, day, amount) → the accounting lines (occurrences) earlier lists recorded
    (cancelled ones included: a payment cancelled as a mistake must not come back; an
    undone list's payments gave theirs up, see payment_import_undo)."""
    if not accounts:
        return {}
    recorded = Payment.objects.filter(
        account__in=accounts,
        occurrence__isnull=False,
        paid_on__range=(min(r.paid_on for r in rows), max(r.paid_on for r in rows)),
    ).values_list("account_id", "paid_on", "amount", "occurrence")
    found: dict[tuple, set[int]] = {}
    for account_id, paid_on, amount, occurrence in recorded:
        found.setdefault((account_id, paid_on, amount), set()).add(occurrence)
    return found


@transaction.atomic
def payments_import(
    *, user, organisation: Organisation, content: bytes, file_name: str, encoding: str = ""
):
    """Import one payment list into the accounts the organisation keeps, all or nothing.
    `encoding` is one of PaymentImport.Encoding, or empty to detect it."""
    if not permissions.can_import_payments(user, organisation.pk):
        raise ActionNotPermitted()
    # The organisation's imports wait for one another: two uploads of the same file, or
    # of overlapping lists, at the same moment still record each file and each accounting
    # line once (the second sees what the first recorded), instead of failing on the
    # unique constraints. (NO KEY: rows that merely refer to the organisation need not wait.)
    Organisation.objects.select_for_update(no_key=True).only("pk").get(pk=organisation.pk)
    digest = hashlib.sha256(content).hexdigest()
    if PaymentImport.objects.filter(
        organisation=organisation, sha256=digest, cancelled_at__isnull=True
    ).exists():
        raise PaymentListInvalid(
            _(
                "This payment list was already imported. If it was read wrongly (e.g. in the "
                "wrong encoding), undo that import below and import the file again."
            )
        )
    today = timezone.localdate()
    text, encoding = decode_payment_list(content, encoding)
    try:
        rows, problems = parse_payment_list(text, today=today)
    except csv.Error as error:
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
        encoding=encoding,
        imported_by=user,
    )
    matched = [accounts.get(normalised_symbol(row.variable_symbol)) for row in rows]
    recorded = _recorded_occurrences({a for a in matched if a is not None}, rows)
    payments, skipped, duplicates, touched = [], [], [], {}
    for row, account, occurrence in zip(rows, matched, _occurrences(rows, matched), strict=True):
        if account is None:
            skipped.append((row.line, row.variable_symbol))
            continue
        if occurrence in recorded.get((account.pk, row.paid_on, row.amount), ()):
            duplicates.append((row.line, row.variable_symbol))
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
                occurrence=occurrence,
                recorded_by=user,
            )
        )
    Payment.objects.bulk_create(payments, batch_size=2000)
    batch.imported, batch.skipped, batch.duplicates = len(payments), len(skipped), len(duplicates)
    batch.skipped_rows = [list(row) for row in skipped]
    batch.duplicate_rows = [list(row) for row in duplicates]
    batch.save(
        update_fields=["imported", "skipped", "skipped_rows", "duplicates", "duplicate_rows"]
    )
    for account in touched.values():
        account_refresh(account, today=today)
    return ImportResult(batch=batch, imported=len(payments), skipped=skipped, duplicates=duplicates)


@transaction.atomic
def payment_import_undo(*, user, batch: PaymentImport, reason: str) -> int:
    """Undo an imported list (read in the wrong encoding, the wrong file): its payments are
    cancelled, never deleted (who, when and why are kept on the list and on each payment),
    the accounts' arrears are settled again, and the same file may be imported anew. The
    cancelled payments give up their accounting lines (`occurrence`) so that the new
    import records them again; a payment cancelled one by one before keeps its line and
    does not come back. Returns how many payments were cancelled."""
    if not permissions.can_import_payments(user, batch.organisation_id):
        raise ActionNotPermitted()
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(
            _("Say why the import is undone (e.g. the file was read in the wrong encoding).")
        )
    # The same order of locks as an import: the organisation first, then its rows.
    Organisation.objects.select_for_update(no_key=True).only("pk").get(pk=batch.organisation_id)
    batch = PaymentImport.objects.select_for_update().get(pk=batch.pk)
    if batch.cancelled_at is not None:
        raise ReferralError(_("This import was already undone."))
    now = timezone.now()
    payments = Payment.objects.filter(batch=batch, cancelled_at__isnull=True)
    account_ids = set(payments.values_list("account_id", flat=True))
    cancelled = payments.update(cancelled_at=now, cancelled_by=user, occurrence=None)
    batch.cancelled_at, batch.cancelled_by, batch.cancel_reason = now, user, reason[:300]
    batch.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    today = timezone.localdate()
    for account in StayAccount.objects.filter(pk__in=account_ids).select_for_update():
        account_refresh(account, today=today)
    return cancelled
