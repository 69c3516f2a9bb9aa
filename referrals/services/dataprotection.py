"""Data protection: exports for access requests (GDPR art. 15), erasure on request
(art. 17) and the numbers of the record of processing activities (art. 30).

Who may do what (the reviewer's summary; tests/referrals/test_dataprotection.py proves it):

* **Export** answers what *one organisation* holds about a client. For the organisation
  responsible for the case it may be made by the client's key worker and by the
  organisation's case reviewers; for an organisation the client was referred to (or that
  sent a referral) by that organisation's case reviewers. Answering an access request is
  the organisation's duty as a controller, so a responsible organisation's case reviewer
  may export the full record even without working on the case; every export is audited.
  Another organisation's export holds only the categories the client's consent shares with
  it, the consents given to it and the referrals it takes part in.
* **Erasure** is decided by the responsible organisation's organisation admin or case
  reviewer, with a legal ground. It is refused while a referral is open (submitted …
  placed) or a stay runs, because another organisation is still working with the data, and
  for a case already anonymised. It reuses `retention.client_anonymise`, so the same data
  goes (also from the history rows and the files) as at the end of the retention period.
* **The record of processing activities** is for superusers and the coalition
  secretariat: it shows counts only, never a client.

Every export and erasure writes a `DataProtectionEvent` naming the client by reference.
"""

import datetime
import json
import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from core.access import is_secretariat
from partners.models import Membership, Organisation
from partners.selectors import active_memberships

from .. import permissions, workflow
from ..errors import ActionNotPermitted, ReferralError
from ..models import (
    Category,
    Client,
    ClientAccessLog,
    Consent,
    DataProtectionEvent,
    Referral,
    Stay,
)
from ..timeline import NOTED, change_reason_label
from .clients import client_record_read
from .retention import client_anonymise

logger = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
EXPORT_CONTENT_TYPES = {
    DataProtectionEvent.Format.JSON: "application/json; charset=utf-8",
    DataProtectionEvent.Format.PDF: "application/pdf",
}


class ErasureGroundRequired(ReferralError):
    default_message = _("Choose the legal ground for the erasure.")


class ErasureRefused(ReferralError):
    default_message = _("The client's data cannot be erased now.")


class ExportFontsMissing(ReferralError):
    default_message = _("The PDF cannot be made on this server (fonts are missing); use JSON.")


# --- Who may do what --------------------------------------------------------------------


def _is_key_worker_of_responsible(user, client: Client) -> bool:
    return client.key_worker_id == user.pk and permissions.is_responsible_for(user, client)


def export_organisations_for(user, client: Client) -> list[Organisation]:
    """The organisations whose holdings about `client` this user may export."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    responsible_id = client.responsible_organisation_id
    allowed: list[int] = []
    if _is_key_worker_of_responsible(user, client) or permissions.has_casework_role(
        user, responsible_id, Membership.Role.CASE_REVIEWER
    ):
        allowed.append(responsible_id)
    parties = set()
    for sender_id, receiver_id, status in client.referrals.values_list(
        "sender_organisation_id", "receiver_organisation_id", "status"
    ):
        parties.add(sender_id)
        if status != workflow.Status.DRAFT:
            parties.add(receiver_id)
    for organisation_id in sorted(parties - {responsible_id}):
        if permissions.has_casework_role(user, organisation_id, Membership.Role.CASE_REVIEWER):
            allowed.append(organisation_id)
    if not allowed:
        return []
    by_pk = Organisation.objects.in_bulk(allowed)
    return [by_pk[pk] for pk in allowed if pk in by_pk]


def can_erase(user, client: Client) -> bool:
    """The responsible organisation's organisation admin or case reviewer."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return permissions.has_casework_role(
        user,
        client.responsible_organisation_id,
        Membership.Role.ORG_ADMIN,
        Membership.Role.CASE_REVIEWER,
    )


def may_handle_requests(user) -> bool:
    """Organisation admins and case reviewers handle data-protection requests."""
    return any(
        m.role in (Membership.Role.ORG_ADMIN, Membership.Role.CASE_REVIEWER)
        for m in active_memberships(user)
    )


def can_view_processing_record(user) -> bool:
    return is_secretariat(user)


@dataclass
class DataProtectionAccess:
    client: Client
    export_organisations: list[Organisation]
    can_erase: bool


def client_for_data_protection(user, reference: str) -> DataProtectionAccess | None:
    """The client and what the user may do with it here; None (a 404) when nothing."""
    client = (
        Client.objects.select_related("responsible_organisation", "key_worker")
        .filter(reference=reference)
        .first()
    )
    if client is None:
        return None
    access = DataProtectionAccess(
        client=client,
        export_organisations=export_organisations_for(user, client),
        can_erase=can_erase(user, client),
    )
    if not access.export_organisations and not access.can_erase:
        return None
    return access


def events_for(user):
    """The data-protection events of the organisations the user handles requests for."""
    organisation_ids = {
        m.organisation_id
        for m in active_memberships(user)
        if m.role in (Membership.Role.ORG_ADMIN, Membership.Role.CASE_REVIEWER)
    }
    return DataProtectionEvent.objects.filter(organisation_id__in=organisation_ids).select_related(
        "organisation", "actor"
    )


# --- What an organisation holds ---------------------------------------------------------


def categories_held_by(client: Client, organisation_id: int, user) -> frozenset[str]:
    """The data categories `organisation_id` may see of the client now: all for the
    responsible organisation; for another, what the user of that organisation may see
    (permissions.client_categories_for) narrowed to the consents given to it."""
    if client.is_anonymised:
        return frozenset()
    if organisation_id == client.responsible_organisation_id:
        return permissions.ALL_CATEGORIES
    today = timezone.localdate()
    consented: set[str] = set()
    for consent in Consent.objects.filter(
        client=client, organisation_id=organisation_id, withdrawn_at__isnull=True
    ):
        if consent.is_active_on(today):
            consented |= consent.categories
    return frozenset(consented) & permissions.client_categories_for(user, client)


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _client_field(client: Client, name: str):
    field = Client._meta.get_field(name)
    if field.choices:
        return getattr(client, f"get_{name}_display")()
    return _json_value(getattr(client, name))


def _referral_timeline(referral: Referral, organisation_id: int, content: bool) -> list[dict]:
    """The referral's and its stay's history rows, decisions and flags as the organisation
    sees them (notes only with content; after a hand-over the earlier holders' part)."""
    entries = []
    for row in referral.history.select_related("history_user").order_by("history_date"):
        reason = row.history_change_reason
        if reason is None and row.history_type == "~":
            continue
        entries.append(
            {
                "when": row.history_date,
                "event": str(change_reason_label(reason)),
                "status": str(workflow.STATUS_LABELS.get(row.status, row.status)),
                "by": _person(row.history_user),
                "note": row.status_note if content and reason in NOTED else "",
            }
        )
    stay = getattr(referral, "stay", None)
    if stay is not None:
        for row in stay.history.select_related("history_user").order_by("history_date"):
            if row.history_change_reason is None and row.history_type == "~":
                continue
            entries.append(
                {
                    "when": row.history_date,
                    "event": str(change_reason_label(row.history_change_reason)),
                    "status": "",
                    "by": _person(row.history_user),
                    "note": "",
                }
            )
    for decision in referral.decisions.all():
        entries.append(
            {
                "when": decision.created_at,
                "event": str(decision.get_decision_display()),
                "status": "",
                "by": _person(decision.decided_by),
                "note": decision.reason if content else "",
            }
        )
    for flag in referral.flags.all():
        entries.append(
            {
                "when": flag.raised_at,
                "event": str(flag.get_kind_display()),
                "status": "",
                "by": _person(flag.raised_by),
                "note": flag.reason if content else "",
            }
        )
    cutoff = referral.archived_at
    handed_over = referral.handed_over_at is not None
    if cutoff is None and handed_over and referral.receiver_organisation_id != organisation_id:
        cutoff = referral.handed_over_at
    if cutoff is not None:
        entries = [e for e in entries if e["when"] <= cutoff]
    entries.sort(key=lambda e: e["when"])
    for entry in entries:
        entry["when"] = _json_value(entry["when"])
    return entries


def _stay_data(stay: Stay, content: bool) -> dict:
    data = {
        "programme": stay.programme.name,
        "stage": stay.stage.name if stay.stage else "",
        "moved_in_on": _json_value(stay.moved_in_on),
        "lease_start": _json_value(stay.lease_start),
        "lease_end": _json_value(stay.lease_end),
        "ended_on": _json_value(stay.ended_on),
        "support_worker": _person(stay.support_worker),
        "goals": [],
        "visits": [],
    }
    if content:
        data["goals"] = [
            {
                "goal": goal.text,
                "due_on": _json_value(goal.due_on),
                "status": str(goal.get_status_display()),
                "progress": goal.progress,
            }
            for goal in stay.goals.all()
        ]
        data["visits"] = [
            {
                "visited_on": _json_value(visit.visited_on),
                "by": _person(visit.visited_by),
                "note": visit.note,
            }
            for visit in stay.visits.all()
        ]
    return data


def _referrals_held_by(client: Client, organisation_id: int):
    qs = client.referrals.all()
    if organisation_id != client.responsible_organisation_id:
        qs = qs.filter(
            Q(sender_organisation_id=organisation_id)
            | (Q(receiver_organisation_id=organisation_id) & ~Q(status=workflow.Status.DRAFT))
        )
    return (
        qs.select_related(
            "programme__organisation",
            "sender_organisation",
            "receiver_organisation",
            "stay__programme",
            "stay__stage",
            "stay__support_worker",
        )
        .prefetch_related(
            "answers",
            "attachments__uploaded_by",
            "decisions__decided_by",
            "flags__raised_by",
            "stay__goals",
            "stay__visits__visited_by",
        )
        .order_by("created_at", "pk")
    )


def client_export_data(*, client: Client, organisation: Organisation, user) -> dict:
    """Everything `organisation` holds about the client, as plain JSON-able data."""
    categories = categories_held_by(client, organisation.pk, user)
    responsible = organisation.pk == client.responsible_organisation_id
    content = bool(categories)
    data = {
        "export": {
            "organisation": organisation.name,
            "client_reference": client.reference,
            "generated_at": _json_value(timezone.now()),
            "generated_by": _person(user),
            "categories": [str(Category(c).label) for c in Category.values if c in categories],
        },
        "client": {
            "reference": client.reference,
            "responsible_organisation": client.responsible_organisation.name,
            "key_worker": _person(client.key_worker) if responsible else "",
            "created_at": _json_value(client.created_at),
            "anonymised_at": _json_value(client.anonymised_at),
            "target_groups": (
                [str(t) for t in client.target_groups.all()]
                if Category.HOUSEHOLD in categories
                else []
            ),
        },
        "data": {
            category: {
                name: _client_field(client, name) for name in Client.CATEGORY_FIELDS[category]
            }
            for category in Category.values
            if category in categories
        },
        "household": [],
        "consents": [],
        "client_history": [],
        "referrals": [],
    }
    if Category.HOUSEHOLD in categories:
        data["household"] = [
            {
                "relation": str(member.get_relation_display()),
                "first_name": member.first_name,
                "birth_date": _json_value(member.birth_date),
            }
            for member in client.household_members.all()
        ]
    consents = Consent.objects.filter(client=client).select_related("organisation")
    if not responsible:
        consents = consents.filter(organisation=organisation)
    data["consents"] = [
        {
            "organisation": consent.organisation.name,
            "purpose": str(consent.get_purpose_display()),
            "purpose_note": consent.purpose_note,
            "categories": [str(label) for label in consent.category_labels()],
            "valid_from": _json_value(consent.valid_from),
            "valid_until": _json_value(consent.valid_until),
            "withdrawn_at": _json_value(consent.withdrawn_at),
            "withdrawal_note": consent.withdrawal_note,
            "signed_form_on_file": bool(consent.signed_form),
        }
        for consent in consents
    ]
    if responsible:
        data["client_history"] = [
            {
                "when": _json_value(row.history_date),
                "event": str(change_reason_label(row.history_change_reason)),
                "by": _person(row.history_user),
            }
            for row in client.history.select_related("history_user").order_by("history_date")
        ]
    for referral in _referrals_held_by(client, organisation.pk):
        stay = getattr(referral, "stay", None)
        item = {
            "reference": referral.reference,
            "kind": str(referral.get_kind_display()),
            "programme": referral.programme.name,
            "sender": referral.sender_organisation.name,
            "receiver": referral.receiver_organisation.name,
            "status": str(referral.get_status_display_label()),
            "urgency": str(referral.get_urgency_display()),
            "created_at": _json_value(referral.created_at),
            "submitted_at": _json_value(referral.submitted_at),
            "decided_at": _json_value(referral.decided_at),
            "ended_at": _json_value(referral.ended_at),
            "outcome": str(referral.get_outcome_display()) if referral.outcome else "",
            "reason": referral.reason if content else "",
            "intake_answers": [],
            "attachments": [],
            "timeline": _referral_timeline(referral, organisation.pk, content),
            "stay": _stay_data(stay, content) if stay is not None else None,
        }
        if content:
            item["intake_answers"] = [
                {
                    "criterion": answer.criterion_text,
                    "answer": str(answer.get_answer_display()),
                    "note": answer.note,
                }
                for answer in referral.answers.all()
            ]
            item["attachments"] = [
                {
                    "file_name": attachment.original_name,
                    "description": attachment.description,
                    "size_bytes": attachment.size,
                    "uploaded_at": _json_value(attachment.uploaded_at),
                    "uploaded_by": _person(attachment.uploaded_by),
                }
                for attachment in referral.attachments.all()
            ]
        data["referrals"].append(item)
    return data


# --- Rendering --------------------------------------------------------------------------

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
}


def _label(key: str) -> str:
    if key in LABELS:
        return str(LABELS[key])
    if key in Category.values:
        return str(Category(key).label)
    try:
        return str(Client._meta.get_field(key).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown key is shown as it is
        return key


def _text(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _t("yes") if value else _t("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


def export_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def export_pdf(data: dict) -> bytes:
    from fpdf import FPDF

    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise ExportFontsMissing()  # the core PDF fonts have no Czech glyphs
    pdf = FPDF(format="A4")
    title = _t("Personal data held about client %(reference)s") % {
        "reference": data["export"]["client_reference"]
    }
    pdf.set_title(title)
    pdf.set_author(data["export"]["organisation"])
    pdf.set_lang("cs")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()

    def write(text: str, size: float = 10, style: str = "", indent: int = 0, gap: float = 0.5):
        pdf.set_font("DejaVu", style, size)
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


# --- Writes -----------------------------------------------------------------------------


@dataclass
class ExportFile:
    content: bytes
    content_type: str
    filename: str
    event: DataProtectionEvent


@transaction.atomic
def client_export(
    *, user, client: Client, organisation: Organisation, export_format: str
) -> ExportFile:
    """Export what `organisation` holds about the client, and record who did it."""
    if organisation not in export_organisations_for(user, client):
        raise ActionNotPermitted()
    if export_format not in DataProtectionEvent.Format.values:
        raise ReferralError(_("Choose the format of the export."))
    data = client_export_data(client=client, organisation=organisation, user=user)
    if export_format == DataProtectionEvent.Format.PDF:
        content = export_pdf(data)
    else:
        content = export_json(data)
    event = DataProtectionEvent.objects.create(
        kind=DataProtectionEvent.Kind.EXPORT,
        organisation=organisation,
        actor=user,
        actor_username=user.get_username(),
        client=client,
        client_reference=client.reference,
        export_format=export_format,
    )
    client_record_read(
        user=user,
        client=client,
        via=ClientAccessLog.Via.CLIENT_PAGE,
        object_reference=f"export {export_format}",
    )
    logger.info(
        "client %s exported for organisation %s (event %s)",
        client.reference,
        organisation.pk,
        event.public_id,
    )
    day = timezone.localdate().isoformat()
    return ExportFile(
        content=content,
        content_type=EXPORT_CONTENT_TYPES[export_format],
        filename=f"osobni-udaje-{client.reference}-{organisation.slug}-{day}.{export_format}",
        event=event,
    )


def erasure_blockers(client: Client) -> list[str]:
    """Why the client's data cannot be erased now (empty when it can)."""
    if client.is_anonymised:
        return [_t("The client's data were already erased (anonymised).")]
    reasons = []
    open_referrals = list(
        client.referrals.filter(status__in=workflow.OPEN)
        .order_by("created_at")
        .values_list("reference", flat=True)
    )
    if open_referrals:
        reasons.append(
            _t(
                "A referral is still open (%(references)s): another organisation is working "
                "with the data. Withdraw or close it first."
            )
            % {"references": ", ".join(open_referrals)}
        )
    if Stay.objects.filter(referral__client=client, ended_on__isnull=True).exists():
        reasons.append(_t("The client's stay in a programme is still running. End it first."))
    return reasons


@transaction.atomic
def client_erase(*, user, client: Client, ground: str) -> DataProtectionEvent:
    """Erase (anonymise) the client's personal data on request, with the legal ground."""
    client = (
        Client.objects.select_for_update(of=("self",))
        .select_related("responsible_organisation")
        .get(pk=client.pk)
    )
    if not can_erase(user, client):
        raise ActionNotPermitted()
    if ground not in DataProtectionEvent.Ground.values:
        raise ErasureGroundRequired()
    blockers = erasure_blockers(client)
    if blockers:
        raise ErasureRefused(" ".join(blockers))
    # client_anonymise erases only cases past the retention period; erasure on request
    # needs no waiting, so it is asked as if that period had already passed.
    as_if = timezone.now() + datetime.timedelta(days=settings.REFERRALS_RETENTION_DAYS + 1)
    if not client_anonymise(client_id=client.pk, now=as_if):
        raise ErasureRefused()
    event = DataProtectionEvent.objects.create(
        kind=DataProtectionEvent.Kind.ERASURE,
        organisation=client.responsible_organisation,
        actor=user,
        actor_username=user.get_username(),
        client=client,
        client_reference=client.reference,
        ground=ground,
    )
    logger.info("client %s erased on request (event %s)", client.reference, event.public_id)
    return event


# --- Record of processing activities ----------------------------------------------------


def processing_record_numbers(now: datetime.datetime | None = None) -> dict:
    """Live counts for the record of processing activities; no personal data."""
    now = now or timezone.now()
    year_ago = now - datetime.timedelta(days=365)
    recent = DataProtectionEvent.objects.filter(created_at__gte=year_ago)
    today = timezone.localdate()
    active_consents = Consent.objects.filter(
        withdrawn_at__isnull=True, valid_from__lte=today
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return {
        "clients": Client.objects.filter(anonymised_at__isnull=True).count(),
        "anonymised": Client.objects.filter(anonymised_at__isnull=False).count(),
        "consents": Consent.objects.count(),
        "active_consents": active_consents.count(),
        "referrals": Referral.objects.count(),
        "organisations": Organisation.objects.filter(
            Q(referral_clients__isnull=False) | Q(referral_consents__isnull=False)
        )
        .distinct()
        .count(),
        "exports": recent.filter(kind=DataProtectionEvent.Kind.EXPORT).count(),
        "erasures": recent.filter(kind=DataProtectionEvent.Kind.ERASURE).count(),
        "access_log": ClientAccessLog.objects.filter(accessed_at__gte=year_ago).count(),
    }


def processing_record_settings() -> dict:
    """The retention periods and measures as configured, read from the settings."""
    days = settings.REFERRALS_RETENTION_DAYS
    return {
        "retention_days": days,
        "retention_years": round(days / 365, 1),
        "session_hours": round(settings.SESSION_COOKIE_AGE / 3600, 1),
        "require_2fa": settings.PORTAL_REQUIRE_2FA,
        "axes_failure_limit": settings.AXES_FAILURE_LIMIT,
        "attachment_max_mb": round(settings.REFERRALS_ATTACHMENT_MAX_SIZE / 1024 / 1024, 1),
    }
