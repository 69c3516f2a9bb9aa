"""The case-review group's decisions: accepting, declining or asking for more information,
recorded with the members who were present. Each runs the matching transition action."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Membership

from ..errors import InvalidDates, ReferralError, TransitionNotAllowed
from ..models import Referral, ReviewDecision
from ..validators import validate_meeting_date
from .transitions import AcceptAction, DeclineAction, ExcludeAction, RequestInfoAction

DECISION_ACTIONS = {
    ReviewDecision.Decision.ACCEPT: AcceptAction,
    ReviewDecision.Decision.DECLINE: DeclineAction,
    ReviewDecision.Decision.REQUEST_INFO: RequestInfoAction,
    ReviewDecision.Decision.EXCLUDE: ExcludeAction,
}
CODED = {ReviewDecision.Decision.DECLINE, ReviewDecision.Decision.EXCLUDE}


@transaction.atomic
def referral_decide(
    *,
    referral: Referral,
    user,
    decision: str,
    reason: str = "",
    meeting_date: datetime.date | None = None,
    members_present: Iterable = (),
    override_reason: str = "",
    reason_code=None,
    closed_on: datetime.date | None = None,
) -> Referral:
    """A case-review group's decision, recorded with the members who were present: to
    accept (with an exception from unmet conditions), decline or ask for information on a
    referral, or to exclude a client from the programme (with a coded reason)."""
    if decision not in DECISION_ACTIONS:
        raise TransitionNotAllowed()
    meeting_date = meeting_date or timezone.localdate()
    try:
        validate_meeting_date(meeting_date)
    except ValidationError as error:
        raise InvalidDates(error.messages[0]) from None
    present = {member.pk: member for member in members_present}
    present[user.pk] = user
    reviewers = set(
        Membership.objects.filter(
            organisation_id=referral.receiver_organisation_id,
            role=Membership.Role.CASE_REVIEWER,
            is_active=True,
            user_id__in=present,
        ).values_list("user_id", flat=True)
    )
    if set(present) - reviewers - {user.pk}:
        raise ReferralError(_("Only members of the case-review group can be listed as present."))
    options = {}
    if decision == ReviewDecision.Decision.ACCEPT:
        options["override_reason"] = override_reason
    if decision in CODED:
        options["reason_code"] = reason_code
    if decision == ReviewDecision.Decision.EXCLUDE:
        options["closed_on"] = closed_on
    referral = DECISION_ACTIONS[decision](referral, user=user, reason=reason, **options).execute()
    record = ReviewDecision.objects.create(
        referral=referral,
        decision=decision,
        reason=referral.status_note if override_reason.strip() else reason,
        meeting_date=meeting_date,
        decided_by=user,
    )
    # A new record has no members yet: one insert, not set()'s read-compare-insert.
    through = ReviewDecision.members_present.through
    through.objects.bulk_create(
        [through(reviewdecision_id=record.pk, user_id=pk) for pk in sorted(present)]
    )
    return referral
