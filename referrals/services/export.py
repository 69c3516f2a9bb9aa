"""Access-request exports (GDPR art. 15): everything one organisation holds about a client,
gathered as plain data, written as a file (services/export_render.py) and audited. Who may
export for which organisation is in permissions/dataprotection.py."""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import actor_label
from partners.models import Organisation

from .. import permissions, workflow
from ..errors import ActionNotPermitted, ReferralError
from ..models import Category, Client, ClientAccessLog, Consent, DataProtectionEvent, Referral, Stay
from ..timeline import client_history_entries, history_cutoff, referral_history_entries
from .clients import client_record_read
from .export_parties import account_data, parties_data
from .export_render import export_json, export_pdf
from .export_render import json_value as _json_value

logger = logging.getLogger(__name__)

EXPORT_CONTENT_TYPES = {
    DataProtectionEvent.Format.JSON: "application/json; charset=utf-8",
    DataProtectionEvent.Format.PDF: "application/pdf",
}


def _client_field(client: Client, name: str):
    field = Client._meta.get_field(name)
    if field.choices:
        return getattr(client, f"get_{name}_display")()
    return _json_value(getattr(client, name))


def _referral_timeline(referral: Referral, organisation_id: int, content: bool) -> list[dict]:
    """The referral's and its stay's history rows (walked as the timeline walks them),
    decisions and flags as the organisation sees them (notes only with content; after a
    hand-over the earlier holders' part)."""
    stay = getattr(referral, "stay", None)
    entries = [
        {
            "when": entry.when,
            "event": str(entry.label),
            "status": str(entry.status),
            "by": entry.actor,
            "note": entry.note,
        }
        for entry in referral_history_entries(referral, stay, content=content, nobody="")
    ]
    for decision in referral.decisions.all():
        entries.append(
            {
                "when": decision.created_at,
                "event": str(decision.get_decision_display()),
                "status": "",
                "by": actor_label(decision.decided_by),
                "note": decision.reason if content else "",
            }
        )
    for flag in referral.flags.all():
        entries.append(
            {
                "when": flag.raised_at,
                "event": str(flag.get_kind_display()),
                "status": "",
                "by": actor_label(flag.raised_by),
                "note": flag.reason if content else "",
            }
        )
    cutoff = history_cutoff(referral, {organisation_id})
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
        "support_worker": actor_label(stay.support_worker),
        "goals": [],
        "visits": [],
        "lease_renewals": [],
    }
    if content:
        data["lease_renewals"] = [
            {
                "from": _json_value(renewal.starts_on),
                "until": _json_value(renewal.ends_on),
                "decided_on": _json_value(renewal.decided_on),
                "resolution": renewal.resolution,
                "basis": renewal.note,
            }
            for renewal in stay.renewals.all()
        ]
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
                "by": actor_label(visit.visited_by),
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
            "stay__renewals",
        )
        .order_by("created_at", "pk")
    )


def client_export_data(*, client: Client, organisation: Organisation, user) -> dict:
    """Everything `organisation` holds about the client, as plain JSON-able data."""
    categories = permissions.categories_held_by(client, organisation.pk, user)
    responsible = organisation.pk == client.responsible_organisation_id
    content = bool(categories)
    data = {
        "export": {
            "organisation": organisation.name,
            "client_reference": client.reference,
            "generated_at": _json_value(timezone.now()),
            "generated_by": actor_label(user),
            "categories": [str(Category(c).label) for c in Category.values if c in categories],
        },
        "client": {
            "reference": client.reference,
            "responsible_organisation": client.responsible_organisation.name,
            "key_worker": actor_label(client.key_worker) if responsible else "",
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
        "agencies": [],
        "benefits": [],
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
    data["agencies"], data["benefits"] = parties_data(client, categories)
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
            {"when": _json_value(entry.when), "event": str(entry.label), "by": entry.actor}
            for entry in client_history_entries(client, nobody="")
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
            "account": (
                account_data(stay, organisation.pk, categories) if stay is not None else None
            ),
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
                    "uploaded_by": actor_label(attachment.uploaded_by),
                }
                for attachment in referral.attachments.all()
            ]
        data["referrals"].append(item)
    return data


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
    if organisation not in permissions.export_organisations_for(user, client):
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
