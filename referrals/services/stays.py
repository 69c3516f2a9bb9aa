"""Writes on stays: the lease, the individual plan and the visit log."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import czech_date
from core.history import save_with_history
from partners.models import Programme
from partners.rules import LeaseBreach, lease_check, stay_last_day

from .. import workflow
from ..errors import (
    InvalidDates,
    LeaseTooLong,
    LeaseTooShort,
    ReasonRequired,
    ReferralError,
    RenewalBasisMissing,
)
from ..models import LeaseRenewal, PlanGoal, Referral, Stay, Visit
from .common import check_action, lock_referral, refuse_impossible

LEASE_MESSAGES = {
    LeaseBreach.TERM_TOO_LONG: (
        LeaseTooLong,
        _(
            "The programme concludes leases for at most %(months)s months at a time: this "
            "lease may end on %(limit)s at the latest."
        ),
    ),
    LeaseBreach.STAY_TOO_LONG: (
        LeaseTooLong,
        _(
            "The programme allows a stay of at most %(months)s months from the first lease: "
            "the lease may end on %(limit)s at the latest."
        ),
    ),
    LeaseBreach.AFTER_PROGRAMME_END: (
        LeaseTooLong,
        _(
            "The programme's leases run until %(limit)s (the end of the project): the lease "
            "may not end later."
        ),
    ),
    LeaseBreach.TERM_TOO_SHORT: (
        LeaseTooShort,
        _(
            "The programme concludes leases for at least %(months)s months at a time: this "
            "lease must end on %(limit)s or later."
        ),
    ),
}


# The stay's last possible day, as the referral page shows it.
lease_limit = stay_last_day


def check_lease(
    programme: Programme,
    lease_start: datetime.date,
    lease_end: datetime.date,
    *,
    stay_start: datetime.date | None = None,
) -> None:
    """Refuse, in Czech, a lease the programme's rules do not allow (partners.rules)."""
    if lease_end <= lease_start:
        raise InvalidDates(_("The lease must end after it starts."))
    breach = lease_check(programme, lease_start, lease_end, stay_start=stay_start)
    if breach is not None:
        error, message = LEASE_MESSAGES[breach.breach]
        raise error(message % {"months": breach.months, "limit": czech_date(breach.limit)})


def check_council_resolution(
    programme: Programme, number: str = "", day: datetime.date | None = None
) -> dict:
    """Where the city council approves each lease (Přerov: "na základě usnesení Rady
    města"), the decision on the lease records the resolution's number and date: required
    for a programme that says so, and checked wherever given (a number and a date, not in
    the future). Returns the fields as a stay and an offer keep them."""
    number = (number or "").strip()
    if programme.lease_needs_council_resolution or number or day:
        if not (number and day):
            raise ReasonRequired(
                _(
                    "The council approves the leases of this programme: give the number and "
                    "the date of its resolution."
                )
            )
        if day > timezone.localdate():
            raise InvalidDates(_("The council's resolution cannot be dated in the future."))
        if len(number) > 50:
            raise ReferralError(_("The number of the resolution is too long."))
    return {"council_resolution_number": number, "council_resolution_date": day}


def _stay_locked(stay: Stay, user, action: str) -> tuple[Stay, Referral]:
    referral = lock_referral(stay.referral_id)
    check_action(referral, user, action)
    return Stay.objects.select_for_update().get(pk=stay.pk), referral


@transaction.atomic
def stay_extend_lease(
    *,
    stay: Stay,
    user,
    lease_end: datetime.date,
    decided_on: datetime.date | None = None,
    resolution: str = "",
    note: str = "",
) -> LeaseRenewal:
    """A renewed lease, recorded with the decision behind it. The new lease starts the day
    after the current one ends and keeps the programme's rules: its term (Přerov: 3–6
    months), the maximum stay counted from the first lease (Přerov: 24 months) and the
    programme's end (Ostrava: renewed until the project ends)."""
    stay, referral = _stay_locked(stay, user, workflow.Action.EXTEND_LEASE)
    resolution, note = resolution.strip(), note.strip()
    if not (resolution or note):
        raise RenewalBasisMissing()
    if stay.programme.lease_needs_council_resolution and not resolution:
        raise RenewalBasisMissing(
            _(
                "The council approves the leases of this programme: give the number of its "
                "resolution on the renewal and the day of the decision."
            )
        )
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise InvalidDates(_("The decision on the renewal cannot be dated in the future."))
    if lease_end <= stay.lease_end:
        raise InvalidDates(_("The new end of the lease must be later than the current one."))
    starts_on = stay.lease_end + datetime.timedelta(days=1)
    check_lease(stay.programme, starts_on, lease_end, stay_start=stay.lease_start)
    renewal = LeaseRenewal.objects.create(
        stay=stay,
        starts_on=starts_on,
        ends_on=lease_end,
        previous_end=stay.lease_end,
        decided_on=decided_on,
        resolution=resolution,
        note=note,
        recorded_by=user,
    )
    stay.lease_end = lease_end
    save_with_history(stay, user=user, reason="stay.lease_extended")
    return renewal


@transaction.atomic
def visit_record(*, stay: Stay, user, visited_on: datetime.date, note: str = "") -> Visit:
    stay, referral = _stay_locked(stay, user, workflow.Action.RECORD_VISIT)
    if visited_on < stay.moved_in_on:
        raise InvalidDates(_("A visit cannot be earlier than the move-in."))
    visit = Visit(stay=stay, visited_on=visited_on, visited_by=user, note=note)
    refuse_impossible(visit, ["visited_on"])
    visit.save()
    return visit


@transaction.atomic
def plan_goal_add(
    *,
    stay: Stay,
    user,
    text: str,
    due_on: datetime.date | None = None,
    topic: str = PlanGoal.Topic.OTHER,
) -> PlanGoal:
    """A goal of the individual plan; its topic (e.g. repaying debts) is what the outcome
    measures count, the text is the worker's."""
    stay, referral = _stay_locked(stay, user, workflow.Action.EDIT_PLAN)
    if not text.strip():
        raise ReferralError(_("Describe the goal."))
    if topic not in PlanGoal.Topic.values:
        raise ReferralError(_("Choose the topic of the goal."))
    return PlanGoal.objects.create(
        stay=stay, text=text.strip(), due_on=due_on, topic=topic, created_by=user
    )


@transaction.atomic
def plan_goal_update(*, goal: PlanGoal, user, status: str, progress: str = "") -> PlanGoal:
    goal = PlanGoal.objects.select_for_update().select_related("stay").get(pk=goal.pk)
    _stay_locked(goal.stay, user, workflow.Action.EDIT_PLAN)
    if status not in PlanGoal.Status.values:
        raise ReferralError(_("Unknown state of the goal."))
    goal.status = status
    goal.progress = progress
    goal.save(update_fields=["status", "progress", "updated_at"])
    return goal
