"""Who changed what and when: the timelines on the referral and client pages, read from
django-simple-history (with the reason each service recorded) and from the decisions,
flags and uploads. Like every selector, they show a user only what they may see."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.dates import czech_date
from core.history import actor_label, reason_label
from partners.models import ReasonCode

from . import permissions, workflow
from .models import Client, Referral
from .selectors import consents_shown_to, related_of

CHANGE_REASONS = {
    "client.created": _("Client record created"),
    "client.updated": _("Client record updated"),
    "client.key_worker": _("Key worker reassigned"),
    "client.handed_over": _("Case handed over to another organisation"),
    "consent.granted": _("Consent recorded"),
    "consent.withdrawn": _("Consent withdrawn"),
    "referral.created": _("Referral drafted"),
    "referral.edited": _("Referral edited"),
    "referral.submit": _("Referral submitted"),
    "referral.resubmit": _("Referral resubmitted with more information"),
    "referral.start_review": _("Review started"),
    "referral.request_info": _("More information requested"),
    "referral.accept": _("Referral accepted"),
    "referral.accept_override": _(
        "Referral accepted with an exception from the programme's conditions"
    ),
    "referral.decline": _("Referral declined"),
    "referral.withdraw": _("Referral withdrawn by the sender"),
    "referral.place": _("Client moved in"),
    "referral.close": _("Case closed"),
    "referral.exclude": _("Excluded from the programme by the case-review group"),
    "referral.archived": _("Case handed over; this referral is kept as history"),
    "referral.transfer_created": _("Transfer drafted"),
    "stay.started": _("Stay started"),
    "stay.lease_extended": _("Lease extended"),
    "stay.ended": _("Stay ended"),
    "anonymised": _("Anonymised after the retention period"),
}
# Transitions whose note (status_note) is worth showing in the timeline.
NOTED = {
    "referral.request_info",
    "referral.resubmit",
    "referral.accept_override",
    "referral.decline",
    "referral.withdraw",
    "referral.close",
    "referral.exclude",
}
# Transitions that record a coded reason beside their note (a decline on the referral, an
# exclusion on the stay).
CODED = {"referral.decline", "referral.exclude"}


def change_reason_label(key: str | None) -> str:
    return reason_label(CHANGE_REASONS, key)


@dataclass
class TimelineEntry:
    when: datetime.datetime
    label: str
    actor: str = ""
    note: str = ""
    status: str = ""
    extra: list[str] = field(default_factory=list)
    key: str = ""


def _actor(user) -> str:
    return actor_label(user, nobody=str(_("the portal")))


def history_cutoff(referral: Referral, organisation_ids) -> datetime.datetime | None:
    """After a hand-over, the previous holders see their own history only: entries up to
    the moment they stopped working on the case. `organisation_ids` are the organisations
    asking (a user's, or the one an export is made for)."""
    if referral.archived_at is not None:
        return referral.archived_at
    handed_over = referral.handed_over_at is not None
    if handed_over and referral.receiver_organisation_id not in organisation_ids:
        return referral.handed_over_at
    return None


def referral_history_entries(
    referral: Referral, stay, *, content: bool, nobody: str
) -> list[TimelineEntry]:
    """The referral's and its stay's history rows, each with the reason its service
    recorded; the notes of the transitions in NOTED only with `content`. `nobody` names
    the actor of a change no user made."""
    entries: list[TimelineEntry] = []
    history = list(referral.history.select_related("history_user").order_by("history_date"))
    codes = _code_labels(
        [row.decline_code_id for row in history if row.history_change_reason in CODED]
        + ([stay.end_code_id] if stay is not None and stay.end_code_id else [])
    )
    for row in history:
        reason = row.history_change_reason
        if reason is None and row.history_type == "~":
            continue  # bookkeeping saves without a reason are not events
        code_id = row.decline_code_id if reason == "referral.decline" else None
        if reason == "referral.exclude" and stay is not None:
            code_id = stay.end_code_id
        entries.append(
            TimelineEntry(
                when=row.history_date,
                label=change_reason_label(reason),
                actor=actor_label(row.history_user, nobody=nobody),
                note=row.status_note if content and reason in NOTED else "",
                status=workflow.STATUS_LABELS.get(row.status, ""),
                key=reason or "",
                extra=[codes[code_id]] if code_id in codes else [],
            )
        )
    if stay is not None:
        stay_rows = list(stay.history.select_related("history_user").order_by("history_date"))
        renewals = {}
        if any(row.history_change_reason == "stay.lease_extended" for row in stay_rows):
            # Each renewal moved the lease's end to its own end (they only ever go later).
            renewals = {renewal.ends_on: renewal for renewal in stay.renewals.all()}
        for row in stay_rows:
            if row.history_change_reason is None and row.history_type == "~":
                continue
            extra = []
            if row.history_change_reason in {"stay.started", "stay.lease_extended"}:
                extra.append(
                    _("lease %(start)s – %(end)s")
                    % {
                        "start": czech_date(row.lease_start),
                        "end": czech_date(row.lease_end),
                    }
                )
            if row.history_change_reason == "stay.started" and row.council_resolution_number:
                extra.append(
                    _("council resolution %(number)s of %(date)s")
                    % {
                        "number": row.council_resolution_number,
                        "date": czech_date(row.council_resolution_date),
                    }
                )
            renewal = renewals.get(row.lease_end)
            if row.history_change_reason == "stay.lease_extended" and renewal is not None:
                extra.append(_renewal_basis(renewal))
            entries.append(
                TimelineEntry(
                    when=row.history_date,
                    label=change_reason_label(row.history_change_reason),
                    actor=actor_label(row.history_user, nobody=nobody),
                    extra=extra,
                    key=row.history_change_reason or "",
                )
            )
    return entries


def _renewal_basis(renewal) -> str:
    """The decision behind a renewed lease as the renewal list names it: the council's
    resolution and the day of the decision (the note stays on the case page)."""
    if renewal.resolution:
        return _("council resolution %(number)s of %(date)s") % {
            "number": renewal.resolution,
            "date": czech_date(renewal.decided_on),
        }
    return _("decided on %(day)s") % {"day": czech_date(renewal.decided_on)}


def _code_labels(ids) -> dict[int, str]:
    """The labels of the coded reasons on a referral's history (a query only if any)."""
    wanted = {pk for pk in ids if pk}
    if not wanted:
        return {}
    return dict(ReasonCode.objects.filter(pk__in=wanted).values_list("pk", "label"))


def client_history_entries(client: Client, *, nobody: str) -> list[TimelineEntry]:
    """Every history row of the client record."""
    return [
        TimelineEntry(
            when=row.history_date,
            label=change_reason_label(row.history_change_reason),
            actor=actor_label(row.history_user, nobody=nobody),
        )
        for row in client.history.select_related("history_user").order_by("history_date")
    ]


def timeline_for(user, referral: Referral) -> list[TimelineEntry]:
    """Who changed what and when: the referral's and its stay's history rows (with the
    reason each service recorded), decisions, flags and uploads. Someone who may no longer
    see the client's data (consent withdrawn, case handed over) still sees the entries,
    without their notes."""
    content = permissions.can_see_case_content(user, referral)
    related = related_of(referral)
    entries = referral_history_entries(
        referral, related.stay, content=content, nobody=str(_("the portal"))
    )
    for decision in related.decisions:
        present = ", ".join(_actor(m) for m in decision.members_present.all())
        entries.append(
            TimelineEntry(
                when=decision.created_at,
                label=_("Case-review group: %(decision)s")
                % {"decision": decision.get_decision_display()},
                actor=_actor(decision.decided_by),
                note=decision.reason if content else "",
                extra=[_("present: %(names)s") % {"names": present}] if present else [],
                key=f"decision.{decision.decision}",
            )
        )
    for flag in related.flags:
        entries.append(
            TimelineEntry(
                when=flag.raised_at,
                label=_("Flagged: %(kind)s") % {"kind": flag.get_kind_display()},
                actor=_actor(flag.raised_by),
                note=flag.reason if content else "",
                key="flag",
            )
        )
    if content:
        for attachment in related.attachments:
            entries.append(
                TimelineEntry(
                    when=attachment.uploaded_at,
                    label=_("Attachment added"),
                    actor=_actor(attachment.uploaded_by),
                    note=attachment.original_name,
                    key="attachment",
                )
            )
    cutoff = history_cutoff(referral, permissions.user_organisation_ids(user))
    if cutoff is not None:
        entries = [e for e in entries if e.when <= cutoff]
    return sorted(entries, key=lambda e: e.when)


def client_timeline_for(user, client: Client) -> list[TimelineEntry]:
    entries = client_history_entries(client, nobody=str(_("the portal")))
    for consent in consents_shown_to(user, client):
        for row in consent.history.select_related("history_user").order_by("history_date"):
            entries.append(
                TimelineEntry(
                    when=row.history_date,
                    label=change_reason_label(row.history_change_reason),
                    actor=_actor(row.history_user),
                    extra=[str(consent.organisation)],
                )
            )
    return sorted(entries, key=lambda e: e.when)
