"""Helpers of the demo cases: lookups that fail softly, small PDFs, and dating what a
block writes into the past."""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.dates import add_months
from partners.models import Organisation, Programme, ReasonCode, TargetGroup

from .. import services
from ..conditions import Verdict
from ..models import (
    Attachment,
    CaseFlag,
    Client,
    ClientAccessLog,
    Consent,
    Notification,
    Referral,
    ReviewDecision,
    Stay,
    Visit,
)

FOR_DECISION = ["identity", "household", "finances"]


class Missing(Exception):
    """Something the case needs was not created by load_demo (yet)."""


@dataclass
class Demo:
    now: datetime.datetime = field(default_factory=timezone.now)
    messages: list[str] = field(default_factory=list)

    def days_ago(self, days: int, hour: int = 10) -> datetime.datetime:
        moment = timezone.localtime(self.now - datetime.timedelta(days=days))
        return moment.replace(hour=hour, minute=0, second=0, microsecond=0)

    def date_ago(self, days: int) -> datetime.date:
        return self.days_ago(days).date()


def user(username: str):
    found = get_user_model().objects.filter(username=username, is_active=True).first()
    if found is None:
        raise Missing(f"user {username}")
    return found


def organisation(slug: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise Missing(f"organisation {slug}")
    return found


def programme(organisation_slug: str, slug: str) -> Programme:
    found = Programme.objects.filter(organisation__slug=organisation_slug, slug=slug).first()
    if found is None:
        raise Missing(f"programme {organisation_slug}/{slug}")
    return found


def pdf(title: str) -> SimpleUploadedFile:
    """A small real PDF (core font, so ASCII text: it stands for a scanned document)."""
    from fpdf import FPDF

    document = FPDF(format="A4")
    document.set_creation_date(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    document.add_page()
    document.set_font("Helvetica", size=14)
    document.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    document.set_font("Helvetica", size=10)
    document.multi_cell(
        0, 6, "Demo document of the social housing coalition portal.", new_x="LMARGIN", new_y="NEXT"
    )
    return SimpleUploadedFile(f"{title[:30]}.pdf", bytes(document.output()), "application/pdf")


DATED = {
    Referral: [
        "created_at",
        "submitted_at",
        "decided_at",
        "ended_at",
        "handed_over_at",
        "archived_at",
    ],
    Client: ["created_at"],
    Consent: ["created_at", "withdrawn_at"],
    Stay: ["created_at"],
    ReviewDecision: ["created_at"],
    CaseFlag: ["raised_at"],
    Attachment: ["uploaded_at"],
    Visit: ["created_at"],
    Notification: ["created_at"],
    ClientAccessLog: ["accessed_at"],
}


@contextmanager
def dated(when: datetime.datetime):
    """Whatever the block writes is dated `when`: the records' timestamps and their
    history entries (django-simple-history dates them at save time)."""
    mark = timezone.now()
    yield
    for model, fields in DATED.items():
        for name in fields:
            model.objects.filter(**{f"{name}__gte": mark}).update(**{name: when})
    for model in (Client, Consent, Referral, Stay):
        model.history.filter(history_date__gte=mark).update(history_date=when)
    for referral in Referral.objects.filter(submitted_at=when).select_related("programme"):
        due = when + datetime.timedelta(days=referral.programme.response_time_days)
        Referral.objects.filter(pk=referral.pk).update(answer_due_at=due)


def all_met(referral: Referral, notes: dict | None = None, disputed: str = "") -> dict:
    """The worker's answers: "met" where the client record agrees or cannot tell. Where the
    record shows a condition as not met, the record's "not met" stays, unless `disputed`
    gives the worker's reason for answering "met" all the same."""
    notes = notes or {}
    answers = {}
    for index, answer in enumerate(referral.answers.all()):
        if not answer.criterion_id:
            continue
        note = notes.get(index, "")
        if answer.system_verdict == Verdict.NOT_MET:
            answers[answer.criterion_id] = (
                {"answer": "yes", "note": disputed} if disputed else {"answer": "no", "note": note}
            )
        else:
            answers[answer.criterion_id] = {"answer": "yes", "note": note}
    return answers


def answer_all(referral: Referral, worker, *, urgency="normal", notes=None, disputed=""):
    """Save the worker's answers to the draft's intake criteria (see all_met)."""
    services.referral_update(
        referral=referral,
        user=worker,
        reason=referral.reason,
        urgency=urgency,
        answers=all_met(referral, notes, disputed=disputed),
    )


def submitted_dated(
    demo: Demo, *, client, programme, worker, reason, days, urgency="normal", disputed=""
):
    """A referral drafted with every intake criterion met (as far as the client record
    agrees, see all_met) and submitted `days` ago."""
    with dated(demo.days_ago(days)):
        referral = services.referral_create(
            user=worker, client=client, programme=programme, urgency=urgency, reason=reason
        )
        answer_all(referral, worker, urgency=urgency, disputed=disputed)
        services.referral_submit(referral=referral, user=worker)
    return referral


def client_dated(
    demo: Demo, *, worker, holder: Organisation, days: int, data: dict, household, groups
):
    with dated(demo.days_ago(days)):
        return services.client_create(
            user=worker,
            organisation=holder,
            data=data,
            household=household,
            target_groups=TargetGroup.objects.filter(slug__in=groups),
        )


def consent_dated(demo: Demo, *, worker, client, to: Organisation, purpose, categories, days):
    with dated(demo.days_ago(days)):
        return services.consent_grant(
            user=worker,
            client=client,
            organisation=to,
            purpose=purpose,
            categories=categories,
            valid_from=demo.date_ago(days),
            valid_until=demo.date_ago(days) + datetime.timedelta(days=730),
            signed_form=pdf("Souhlas se sdilenim udaju (podepsany)"),
        )


def council_resolution(referral: Referral, day: datetime.date) -> dict:
    """Where the council approves each lease (Přerov), the resolution behind the move-in:
    a number of the council's meeting a week before the lease starts."""
    if not referral.programme.lease_needs_council_resolution:
        return {}
    meeting = day - datetime.timedelta(days=7)
    number = f"{1000 + referral.pk % 900}/{meeting.isocalendar().week}/RM/{meeting.year}"
    return {"council_resolution_number": number, "council_resolution_date": meeting}


def lease_end(start: datetime.date, months: int) -> datetime.date:
    """The last day of a lease of `months` months from `start` (1. 1. → 30. 6.)."""
    return add_months(start, months) - datetime.timedelta(days=1)


def placed_dated(demo: Demo, referral: Referral, worker, *, days, months, moved_in=None) -> Stay:
    """The move-in, recorded `days` ago, on that day (or on `moved_in`) with a lease of
    `months` months and, where the council approves each lease, its resolution."""
    moved_in = moved_in or demo.date_ago(days)
    with dated(demo.days_ago(days)):
        services.referral_place(
            referral=referral,
            user=worker,
            moved_in_on=moved_in,
            lease_start=moved_in,
            lease_end=lease_end(moved_in, months),
            **council_resolution(referral, moved_in),
        )
    return Stay.objects.get(referral=referral)


def prerov_social_flats() -> tuple[Organisation, Programme, object, object]:
    """Přerov's training housing in social flats, as its cases start: the town (which holds
    the clients), the programme, the town's social worker and a case-review group member."""
    town = organisation("statutarni-mesto-prerov")
    social = programme("statutarni-mesto-prerov", "treninkove-bydleni-socialni-byty")
    return town, social, user("prerov-socialni"), user("prerov-komise")


def decide_dated(demo, referral, reviewer, others, decision, reason, days, override="", code=""):
    """A case-review decision `days` ago; `code` names the coded reason of a decline or an
    exclusion (its code in the secretariat's list)."""
    reason_code = None
    if code:
        code_list = "exclusion" if decision == "exclude" else "decline"
        reason_code = ReasonCode.objects.filter(code_list=code_list, code=code).first()
    with dated(demo.days_ago(days, hour=14)):
        return services.referral_decide(
            referral=referral,
            user=reviewer,
            decision=decision,
            reason=reason,
            meeting_date=demo.date_ago(days),
            members_present=others,
            override_reason=override,
            reason_code=reason_code,
        )
