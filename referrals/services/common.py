"""Small pieces every service of the module uses: reference codes, month arithmetic, the
row lock and the checks before a transition."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import add_months
from core.validators import first_error, invalid_fields
from partners.models import Programme, ReasonCode

from .. import permissions, workflow
from ..errors import (
    ActionNotPermitted,
    ImpossibleData,
    ProgrammeUnavailable,
    ReasonRequired,
    ReferralError,
    TransitionNotAllowed,
)
from ..models import ReferenceSequence, Referral

__all__ = [
    "add_months",
    "check_action",
    "lock_referral",
    "next_reference",
    "programme_check",
    "refuse_impossible",
]


def next_reference(prefix: str) -> str:
    """K-2026-0042: the next number of this year's sequence, taken under a row lock."""
    year = timezone.localdate().year
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReferenceSequence.objects.get_or_create(prefix=prefix, year=year)
        except IntegrityError:
            pass  # another worker created the row first; lock it below
        sequence = ReferenceSequence.objects.select_for_update().get(prefix=prefix, year=year)
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
        return f"{prefix}-{year}-{sequence.last_value:04d}"


def refuse_impossible(instance, names) -> None:
    """Raise ImpossibleData with the first Czech message when a named field of `instance`
    holds a value its model refuses (core.validators)."""
    errors = invalid_fields(instance, names)
    if errors:
        raise ImpossibleData(first_error(errors))


def lock_referral(pk: int) -> Referral:
    """The referral row, locked until the transaction ends (SELECT … FOR UPDATE OF)."""
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related(
            "client__key_worker",
            "client__responsible_organisation",
            "programme__organisation",
            "programme__stage",
            "sender_organisation",
            "receiver_organisation",
            "created_by",
        )
        .get(pk=pk)
    )


def programme_check(programme: Programme) -> None:
    if not (programme.is_active and programme.accepts_referrals):
        raise ProgrammeUnavailable()


def check_action(referral: Referral, user, action: str) -> None:
    """Refuse, with the reason, an action the table or the user's permissions do not allow."""
    if not permissions.can_view_referral(user, referral):
        raise ActionNotPermitted()
    if referral.is_archived:
        raise TransitionNotAllowed(
            _(
                "The case moved on to another programme by a transfer; this referral is now "
                "read-only."
            )
        )
    if not workflow.is_allowed(referral.status, action):
        raise TransitionNotAllowed(
            _("This is not possible: the referral is now “%(status)s”.")
            % {"status": referral.get_status_display_label()}
        )
    if not permissions.can_act(user, referral, action):
        raise ActionNotPermitted()


def store_verdicts(checks, *, extra_fields=(), changed=()) -> None:
    """Keep what the client record said of each condition on the answers (the referral
    page reads it without evaluating again). Only the answers whose verdict or reason the
    evaluation changed are written, and those in `changed` (whose `extra_fields` the
    caller set): the submission stored the verdicts, so the decision rarely writes any."""
    answers = list(changed)
    for check in checks:
        answer = check.answer
        verdict, reason = check.evaluation.verdict, check.evaluation.reason[:300]
        if (answer.system_verdict, answer.system_reason) == (verdict, reason):
            continue
        answer.system_verdict, answer.system_reason = verdict, reason
        if answer not in answers:
            answers.append(answer)
    if answers:
        type(answers[0]).objects.bulk_update(
            answers, ["system_verdict", "system_reason", *extra_fields]
        )


def reason_code_check(code, code_list: str, *, required: bool = False):
    """A code chosen for a decision: from the right code list and still in use (a code
    taken out of use stays on old records but is not chosen for new ones)."""
    if code in (None, ""):
        if required:
            raise ReasonRequired(_("Choose the reason from the code list."))
        return None
    if not isinstance(code, ReasonCode):
        code = ReasonCode.objects.filter(pk=code).first() if str(code).isdigit() else None
    if code is None or code.code_list != code_list or not code.is_active:
        raise ReferralError(_("Choose the reason from the code list."))
    return code
