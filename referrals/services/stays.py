"""Writes on stays: the lease, the individual plan and the visit log."""

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.history import save_with_history
from partners.models import Programme

from .. import workflow
from ..errors import InvalidDates, LeaseTooLong, ReferralError
from ..models import PlanGoal, Referral, Stay, Visit
from .common import add_months, check_action, lock_referral, refuse_impossible


def lease_limit(programme: Programme, lease_start: datetime.date) -> datetime.date | None:
    if not programme.max_stay_months:
        return None
    return add_months(lease_start, programme.max_stay_months)


def check_lease(programme: Programme, lease_start: datetime.date, lease_end: datetime.date):
    if lease_end <= lease_start:
        raise InvalidDates(_("The lease must end after it starts."))
    limit = lease_limit(programme, lease_start)
    if limit is not None and lease_end > limit:
        raise LeaseTooLong(
            _(
                "The programme allows a stay of at most %(months)s months: the lease may "
                "end on %(limit)s at the latest."
            )
            % {"months": programme.max_stay_months, "limit": limit.strftime("%d. %m. %Y")}
        )


def _stay_locked(stay: Stay, user, action: str) -> tuple[Stay, Referral]:
    referral = lock_referral(stay.referral_id)
    check_action(referral, user, action)
    return Stay.objects.select_for_update().get(pk=stay.pk), referral


@transaction.atomic
def stay_extend_lease(*, stay: Stay, user, lease_end: datetime.date) -> Stay:
    """A renewed lease (Přerov: 3–6 months at a time), never past the programme's maximum
    counted from the first lease start."""
    stay, referral = _stay_locked(stay, user, workflow.Action.EXTEND_LEASE)
    if lease_end <= stay.lease_end:
        raise InvalidDates(_("The new end of the lease must be later than the current one."))
    check_lease(stay.programme, stay.lease_start, lease_end)
    stay.lease_end = lease_end
    save_with_history(stay, user=user, reason="stay.lease_extended")
    return stay


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
def plan_goal_add(*, stay: Stay, user, text: str, due_on: datetime.date | None = None) -> PlanGoal:
    stay, referral = _stay_locked(stay, user, workflow.Action.EDIT_PLAN)
    if not text.strip():
        raise ReferralError(_("Describe the goal."))
    return PlanGoal.objects.create(stay=stay, text=text.strip(), due_on=due_on, created_by=user)


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
