"""The files of an access-request export: the gathered data (services/export.py) written
as JSON, or as a PDF in Czech (with fonts that have the Czech glyphs)."""

import datetime
import json
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from core.dates import czech_date, czech_datetime
from core.pdf import FONT, PdfFontsMissing, czech_pdf

from ..errors import ExportFontsMissing
from ..models import Category, Client

LABELS = {
    "export": _("About this export"),
    "organisation": _("Organisation"),
    "client_reference": _("Client reference"),
    "generated_at": _("Made"),
    "generated_by": _("Made by"),
    "categories": _("Data categories the organisation holds"),
    "client": _("Client record"),
    "reference": _("Reference"),
    "responsible_organisation": _("Responsible organisation"),
    "key_worker": _("Key worker"),
    "created_at": _("Created"),
    "anonymised_at": _("Anonymised"),
    "target_groups": _("Target groups"),
    "household": _("Household"),
    "relation": _("Relation"),
    "consents": _("Consents to share data"),
    "purpose": _("Purpose"),
    "purpose_note": _("Purpose in detail"),
    "valid_from": _("Valid from"),
    "valid_until": _("Valid until"),
    "withdrawn_at": _("Withdrawn"),
    "withdrawal_note": _("Note on withdrawal"),
    "signed_form_on_file": _("Signed form on file"),
    "client_history": _("History of the client record"),
    "referrals": _("Referrals"),
    "kind": _("Kind"),
    "programme": _("Programme"),
    "sender": _("Sending organisation"),
    "receiver": _("Receiving organisation"),
    "status": _("Status"),
    "urgency": _("Urgency"),
    "submitted_at": _("Submitted"),
    "decided_at": _("Decided"),
    "ended_at": _("Ended"),
    "outcome": _("Outcome"),
    "reason": _("Reason for the referral"),
    "intake_answers": _("Intake criteria"),
    "criterion": _("Criterion"),
    "answer": _("Answer"),
    "note": _("Note"),
    "attachments": _("Attachments (list)"),
    "file_name": _("File name"),
    "description": _("Description"),
    "size_bytes": _("Size (bytes)"),
    "uploaded_at": _("Uploaded"),
    "uploaded_by": _("Uploaded by"),
    "timeline": _("Timeline"),
    "when": _("When"),
    "event": _("Event"),
    "by": _("By"),
    "stay": _("Stay"),
    "stage": _("Pathway stage"),
    "moved_in_on": _("Moved in"),
    "lease_start": _("Lease start"),
    "lease_end": _("Lease end"),
    "ended_on": _("Ended"),
    "support_worker": _("Worker who visits"),
    "goals": _("Individual plan goals"),
    "goal": _("Goal"),
    "due_on": _("Due"),
    "progress": _("Progress"),
    "visits": _("Visits"),
    "visited_on": _("Date of the visit"),
    "lease_renewals": _("Lease renewals"),
    "decided_on": _("Decided on"),
    "resolution": _("Resolution number"),
    "basis": _("Basis of the decision"),
    "agencies": _("Agencies involved"),
    "agency": _("Agency"),
    "since": _("Since"),
    "until": _("Until"),
    "contact_person": _("Contact person"),
    "contact": _("Phone or e-mail"),
    "agreed_actions": _("Agreed actions"),
    "benefits": _("Benefits"),
    "benefit": _("Benefit"),
    "amount": _("Amount (CZK)"),
    "from": _("From"),
    "paid_directly_to_landlord": _("Paid directly to the landlord"),
    "account": _("Rent and payments"),
    "variable_symbol": _("Variable symbol"),
    "deposit": _("Deposit (CZK)"),
    "deposit_instalments": _("Deposit instalments"),
    "rent_and_services": _("Rent and services per month"),
    "rent": _("Rent (CZK)"),
    "services": _("Services (CZK)"),
    "payments": _("Payments"),
    "paid_on": _("Paid on"),
    "payer": _("Payer"),
    "charged": _("Charged (CZK)"),
    "paid": _("Paid (CZK)"),
    "arrears": _("Arrears (CZK)"),
    "months_in_arrears": _("Months in arrears"),
}


def json_value(value):
    """A value as JSON writes it: local ISO times, dates, whole crowns as integers."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value


def _label(key: str) -> str:
    if key in LABELS:
        return str(LABELS[key])
    if key in Category.values:
        return str(Category(key).label)
    try:
        return str(Client._meta.get_field(key).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown key is shown as it is
        return key


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?")


def _text(value) -> str:
    """A JSON value (json_value) as the PDF writes it for people: dates the Czech way."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str) and (ISO_DATE.fullmatch(value) or ISO_MOMENT.fullmatch(value)):
        try:
            if ISO_DATE.fullmatch(value):
                return czech_date(datetime.date.fromisoformat(value))
            return czech_datetime(datetime.datetime.fromisoformat(value))
        except ValueError:
            return value  # looked like a date but is not one: shown as written
    if isinstance(value, bool):
        return _t("yes") if value else _t("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def export_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def export_pdf(data: dict) -> bytes:
    title = _t("Personal data held about client %(reference)s") % {
        "reference": data["export"]["client_reference"]
    }
    try:
        pdf = czech_pdf(title=title, author=data["export"]["organisation"], margin=18)
    except PdfFontsMissing as error:
        raise ExportFontsMissing() from error

    def write(text: str, size: float = 10, style: str = "", indent: int = 0, gap: float = 0.5):
        pdf.set_font(FONT, style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def write_mapping(mapping: dict, indent: int = 0):
        for key, value in mapping.items():
            if isinstance(value, dict):
                write(_label(key), 10, "B", indent, gap=1)
                write_mapping(value, indent + 4)
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                write(_label(key), 10, "B", indent, gap=1)
                write_records(value, indent + 4)
            else:
                write(f"{_label(key)}: {_text(value)}", indent=indent)

    def write_records(records: list[dict], indent: int = 0):
        for number, record in enumerate(records, start=1):
            write(f"{number}.", 10, "B", indent)
            write_mapping(record, indent + 4)
            pdf.ln(1)

    write(title, 15, "B", gap=3)
    sections = [
        ("export", data["export"]),
        ("client", data["client"]),
        *((category, values) for category, values in data["data"].items()),
        ("household", data["household"]),
        ("consents", data["consents"]),
        ("client_history", data["client_history"]),
        ("referrals", data["referrals"]),
    ]
    for key, value in sections:
        write(_label(key), 12, "B", gap=2)
        if isinstance(value, dict):
            write_mapping(value)
        elif value:
            write_records(value)
        else:
            write("–")
        pdf.ln(3)
    return bytes(pdf.output())
