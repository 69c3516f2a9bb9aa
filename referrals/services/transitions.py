"""Referral state changes. Every one is an action with Wagtail's shape: `check()`
(permission and the workflow table) then `execute()` in one transaction, with the referral
row locked (select_for_update), the history reason recorded, guardian's permissions synced
and notifications stored for delivery after commit. The case-review group's decisions,
which run these actions, are recorded in decisions.py."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import save_with_history
from partners.models import Membership, ReasonCode

from .. import permissions, workflow
from ..conditions import contradicts, names
from ..errors import (
    ActionNotPermitted,
    ConditionsUnmet,
    ConsentMissing,
    CriteriaIncomplete,
    InvalidDates,
    InvalidKeyWorker,
    ReasonRequired,
    ReferralError,
    TransitionNotAllowed,
)
from ..models import Client, Consent, Notification, Outcome, Referral, Stay
from ..selectors.conditions import referral_answer_checks
from .common import (
    check_action,
    lock_referral,
    programme_check,
    reason_code_check,
    store_verdicts,
)
from .notifications import notify, receiving_reviewers, sending_workers
from .stays import check_lease

Action = workflow.Action


def _has_assessment_consent(client: Client, organisation_id: int) -> bool:
    if organisation_id == client.responsible_organisation_id:
        return True
    today = timezone.localdate()
    return any(
        consent.is_active_on(today)
        for consent in Consent.objects.filter(
            client=client,
            organisation_id=organisation_id,
            purpose=Consent.Purpose.ASSESSMENT,
            withdrawn_at__isnull=True,
        )
    )


class ReferralAction:
    action: workflow.Action
    history_reason: str = ""
    notification: str | None = None

    def __init__(self, referral: Referral, *, user, **options):
        self.referral = referral
        self.user = user
        self.options = options

    def check(self, referral: Referral) -> None:
        check_action(referral, self.user, self.action)
        self.validate(referral)

    def validate(self, referral: Referral) -> None:
        if self.action in workflow.REASON_REQUIRED and not self.reason:
            raise ReasonRequired()

    @property
    def reason(self) -> str:
        return (self.options.get("reason") or "").strip()

    def apply(self, referral: Referral) -> None:
        """Change fields before the save (the status is set by execute)."""

    def after_save(self, referral: Referral) -> None:
        """Work on related rows after the save, inside the transaction."""

    def recipients(self, referral: Referral) -> Iterable:
        return []

    def execute(self) -> Referral:
        with transaction.atomic():
            referral = lock_referral(self.referral.pk)
            self.check(referral)
            target = workflow.target_of(referral.status, self.action)
            self.apply(referral)
            if target is not None:
                referral.status = target
            save_with_history(
                referral, user=self.user, reason=self.history_reason or f"referral.{self.action}"
            )
            self.after_save(referral)
            permissions.client_sync_perms(referral.client)
            if self.notification:
                notify(
                    kind=self.notification,
                    users=self.recipients(referral),
                    referral=referral,
                    exclude=self.user,
                )
        permissions.forget_access(referral)
        return referral


class SubmitAction(ReferralAction):
    action = Action.SUBMIT
    notification = Notification.Kind.SUBMITTED

    def validate(self, referral):
        if not referral.reason.strip():
            raise ReasonRequired(_("Describe the reason for the referral before submitting."))
        programme_check(referral.programme)
        self.checks = referral_answer_checks(referral)
        if any(not check.answer.answer for check in self.checks):
            raise CriteriaIncomplete()
        unmet = [c.answer.criterion_text for c in self.checks if c.answer.unmet_requirement]
        if unmet:
            raise ConditionsUnmet(
                _(
                    "The referral cannot be submitted: these required conditions of the "
                    "programme are not met: %(names)s."
                )
                % {"names": names(unmet)}
            )
        contradicted = [
            c.answer.criterion_text
            for c in self.checks
            if contradicts(c.answer.answer, c.evaluation.verdict) and not c.answer.note.strip()
        ]
        if contradicted:
            raise ConditionsUnmet(
                _(
                    "The client record shows these conditions as not met: %(names)s. Answer "
                    "“met” only with a note saying why."
                )
                % {"names": names(contradicted)}
            )
        if not _has_assessment_consent(referral.client, referral.receiver_organisation_id):
            raise ConsentMissing()
        if referral.status == workflow.Status.INFO_REQUESTED and not self.reason:
            raise ReasonRequired(_("Answer the programme's request before submitting again."))

    def after_save(self, referral):
        store_verdicts(self.checks)

    def apply(self, referral):
        now = timezone.now()
        if referral.status == workflow.Status.INFO_REQUESTED:
            # The answer stays in the history and is what the receiver reads next.
            self.history_reason = "referral.resubmit"
            referral.status_note = self.reason
        referral.submitted_at = now
        referral.answer_due_at = now + datetime.timedelta(
            days=referral.programme.response_time_days
        )

    def recipients(self, referral):
        return receiving_reviewers(referral)


class StartReviewAction(ReferralAction):
    action = Action.START_REVIEW


class RequestInfoAction(ReferralAction):
    action = Action.REQUEST_INFO
    notification = Notification.Kind.INFO_REQUESTED

    def apply(self, referral):
        referral.status_note = self.reason

    def recipients(self, referral):
        return sending_workers(referral)


class AcceptAction(ReferralAction):
    """Accepting a referral whose required conditions are not met (answered so, or shown
    so by the client record now) needs an exception: a case reviewer's reason, kept on
    each condition, in the history and in the note the sender reads on the timeline."""

    action = Action.ACCEPT
    notification = Notification.Kind.ACCEPTED

    @property
    def override_reason(self) -> str:
        return (self.options.get("override_reason") or "").strip()

    def validate(self, referral):
        super().validate(referral)
        self.checks = referral_answer_checks(referral)
        self.overridden = [c for c in self.checks if c.needs_override]
        if self.overridden and not self.override_reason:
            raise ConditionsUnmet(
                _(
                    "Required conditions are not met: %(names)s. Accepting the referral "
                    "needs an exception with its reason."
                )
                % {"names": names(c.answer.criterion_text for c in self.overridden)}
            )

    def apply(self, referral):
        referral.decided_at = timezone.now()
        referral.status_note = self.reason
        if self.overridden:
            self.history_reason = "referral.accept_override"
            exception = _("Exception from the conditions %(names)s: %(reason)s") % {
                "names": names(c.answer.criterion_text for c in self.overridden),
                "reason": self.override_reason,
            }
            referral.status_note = "\n".join(filter(None, [str(exception), self.reason]))

    def after_save(self, referral):
        now = timezone.now()
        for check in self.overridden:
            check.answer.override_reason = self.override_reason
            check.answer.overridden_by = self.user
            check.answer.overridden_at = now
        store_verdicts(
            self.checks, extra_fields=["override_reason", "overridden_by", "overridden_at"]
        )

    def recipients(self, referral):
        return sending_workers(referral)


class DeclineAction(ReferralAction):
    action = Action.DECLINE
    notification = Notification.Kind.DECLINED

    def validate(self, referral):
        if not self.reason:
            raise ReasonRequired(_("A declined referral needs a reason for the sender."))
        self.code = reason_code_check(self.options.get("reason_code"), ReasonCode.List.DECLINE)

    def apply(self, referral):
        referral.decided_at = referral.ended_at = timezone.now()
        referral.status_note = self.reason
        referral.decline_code = self.code

    def recipients(self, referral):
        return sending_workers(referral)


class WithdrawAction(ReferralAction):
    action = Action.WITHDRAW
    notification = Notification.Kind.WITHDRAWN

    def apply(self, referral):
        self.was_draft = referral.status == workflow.Status.DRAFT
        referral.ended_at = timezone.now()
        referral.status_note = self.reason

    def recipients(self, referral):
        return [] if self.was_draft else receiving_reviewers(referral)


class PlaceAction(ReferralAction):
    """Move-in. For a transfer this is when the case is handed over."""

    action = Action.PLACE
    notification = Notification.Kind.PLACED

    def validate(self, referral):
        lease_start = self.options["lease_start"]
        lease_end = self.options["lease_end"]
        moved_in_on = self.options.get("moved_in_on") or lease_start
        if moved_in_on < lease_start or moved_in_on > lease_end:
            raise InvalidDates(_("The move-in date must fall within the lease."))
        check_lease(referral.programme, lease_start, lease_end)
        self.resolution = _council_resolution(referral.programme, self.options)
        worker = self.options.get("support_worker") or self.user
        if not Membership.objects.filter(
            user=worker,
            organisation_id=referral.receiver_organisation_id,
            role=Membership.Role.SOCIAL_WORKER,
            is_active=True,
        ).exists():
            raise InvalidKeyWorker()
        self.support_worker = worker

    def apply(self, referral):
        if referral.kind == Referral.Kind.TRANSFER:
            referral.handed_over_at = timezone.now()

    def after_save(self, referral):
        Stay.objects.filter(referral=referral).delete()  # never two stays for one referral
        stay = Stay(
            referral=referral,
            programme=referral.programme,
            stage=referral.programme.stage,
            moved_in_on=self.options.get("moved_in_on") or self.options["lease_start"],
            lease_start=self.options["lease_start"],
            lease_end=self.options["lease_end"],
            support_worker=self.support_worker,
            persons=max(1, referral.client.household_members.count()),
            **self.resolution,
        )
        save_with_history(stay, user=self.user, reason="stay.started")
        if referral.kind == Referral.Kind.TRANSFER:
            _hand_over(
                referral,
                user=self.user,
                key_worker=self.support_worker,
                moved_in_on=stay.moved_in_on,
            )

    def recipients(self, referral):
        return sending_workers(referral)


def _council_resolution(programme, options) -> dict:
    """Where the city council approves each lease (Přerov), the move-in records the
    resolution's number and date."""
    number = (options.get("council_resolution_number") or "").strip()
    day = options.get("council_resolution_date")
    if programme.lease_needs_council_resolution and not (number and day):
        raise ReasonRequired(
            _(
                "The council approves the leases of this programme: give the number and "
                "the date of its resolution."
            )
        )
    return {"council_resolution_number": number[:50], "council_resolution_date": day}


def _hand_over(referral: Referral, *, user, key_worker, moved_in_on: datetime.date) -> None:
    """The receiving organisation becomes responsible. The referrals before it in the chain
    become read-only history for their parties; a stay still running there ends."""
    now = timezone.now()
    client = Client.objects.select_for_update().get(pk=referral.client_id)
    client.responsible_organisation_id = referral.receiver_organisation_id
    client.key_worker = key_worker
    save_with_history(client, user=user, reason="client.handed_over")
    referral.client = client
    node = referral.previous
    while node is not None:
        earlier = lock_referral(node.pk)
        if earlier.status == workflow.Status.PLACED:
            earlier.status = workflow.Status.CLOSED
            earlier.outcome = Outcome.MOVED_ON
            earlier.ended_at = now
            stay = Stay.objects.filter(referral=earlier, ended_on__isnull=True).first()
            if stay is not None:
                stay.ended_on = moved_in_on
                save_with_history(stay, user=user, reason="stay.ended")
        earlier.archived_at = earlier.archived_at or now
        save_with_history(earlier, user=user, reason="referral.archived")
        node = earlier.previous
    notify(kind=Notification.Kind.TRANSFERRED, users=[key_worker], referral=referral, exclude=user)


class CloseAction(ReferralAction):
    """The end of a case. A drop-out carries its coded reason (early end of a stay); an
    exclusion is not a close but the case-review group's decision (ExcludeAction)."""

    action = Action.CLOSE
    notification = Notification.Kind.CLOSED
    outcome: str | None = None

    def validate(self, referral):
        super().validate(referral)
        outcome = self.outcome or self.options.get("outcome")
        if outcome not in Outcome.values:
            raise ReferralError(_("Choose how the case ended."))
        if outcome == Outcome.EXCLUDED and self.outcome is None:
            raise ActionNotPermitted(
                _("Exclusion from the programme is decided by its case-review group.")
            )
        self.end_code = self.end_code_check(outcome)
        closed_on = self.options.get("closed_on") or timezone.localdate()
        stay = Stay.objects.filter(referral=referral).first()
        if stay is not None and closed_on < stay.moved_in_on:
            raise InvalidDates(_("The case cannot end before the client moved in."))
        self.closed_on = closed_on
        self.chosen_outcome = outcome

    def end_code_check(self, outcome):
        if outcome != Outcome.DROPPED_OUT:
            return None
        return reason_code_check(self.options.get("end_code"), ReasonCode.List.EARLY_END)

    def apply(self, referral):
        referral.outcome = self.chosen_outcome
        referral.ended_at = timezone.now()
        referral.status_note = self.reason

    def after_save(self, referral):
        stay = Stay.objects.filter(referral=referral, ended_on__isnull=True).first()
        if stay is not None:
            stay.ended_on = self.closed_on
            stay.end_code = self.end_code
            save_with_history(stay, user=self.user, reason="stay.ended")

    def recipients(self, referral):
        return sending_workers(referral)


class ExcludeAction(CloseAction):
    """Exclusion from the programme after a failed intervention: decided by the
    programme's case-review group (referral_decide records who was present), with its
    coded reason beside the note."""

    action = Action.EXCLUDE
    outcome = Outcome.EXCLUDED
    history_reason = "referral.exclude"

    def end_code_check(self, outcome):
        return reason_code_check(
            self.options.get("reason_code"), ReasonCode.List.EXCLUSION, required=True
        )


ACTIONS = {
    cls.action: cls
    for cls in (
        SubmitAction,
        StartReviewAction,
        RequestInfoAction,
        AcceptAction,
        DeclineAction,
        WithdrawAction,
        PlaceAction,
        CloseAction,
        ExcludeAction,
    )
}


def referral_transition(*, referral: Referral, user, action: str, **options) -> Referral:
    try:
        action_class = ACTIONS[workflow.Action(action)]
    except (KeyError, ValueError) as error:
        raise TransitionNotAllowed() from error
    return action_class(referral, user=user, **options).execute()


def referral_submit(*, referral: Referral, user, reason: str = "") -> Referral:
    """Submit a draft, or resubmit after a request for information with the answer."""
    return SubmitAction(referral, user=user, reason=reason).execute()


def referral_start_review(*, referral: Referral, user) -> Referral:
    return StartReviewAction(referral, user=user).execute()


def referral_request_info(*, referral: Referral, user, reason: str) -> Referral:
    return RequestInfoAction(referral, user=user, reason=reason).execute()


def referral_accept(
    *, referral: Referral, user, reason: str = "", override_reason: str = ""
) -> Referral:
    return AcceptAction(
        referral, user=user, reason=reason, override_reason=override_reason
    ).execute()


def referral_decline(*, referral: Referral, user, reason: str) -> Referral:
    return DeclineAction(referral, user=user, reason=reason).execute()


def referral_withdraw(*, referral: Referral, user, reason: str = "") -> Referral:
    return WithdrawAction(referral, user=user, reason=reason).execute()


def referral_place(
    *,
    referral: Referral,
    user,
    lease_start: datetime.date,
    lease_end: datetime.date,
    moved_in_on: datetime.date | None = None,
    support_worker=None,
    council_resolution_number: str = "",
    council_resolution_date: datetime.date | None = None,
) -> Referral:
    return PlaceAction(
        referral,
        user=user,
        lease_start=lease_start,
        lease_end=lease_end,
        moved_in_on=moved_in_on,
        support_worker=support_worker,
        council_resolution_number=council_resolution_number,
        council_resolution_date=council_resolution_date,
    ).execute()


def referral_close(
    *,
    referral: Referral,
    user,
    outcome: str,
    closed_on: datetime.date | None = None,
    reason: str = "",
    end_code=None,
) -> Referral:
    return CloseAction(
        referral, user=user, outcome=outcome, closed_on=closed_on, reason=reason, end_code=end_code
    ).execute()
