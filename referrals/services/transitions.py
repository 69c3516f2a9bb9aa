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
from partners.models import Membership

from .. import permissions, workflow
from ..errors import (
    ConsentMissing,
    CriteriaIncomplete,
    InvalidDates,
    InvalidKeyWorker,
    ReasonRequired,
    ReferralError,
    TransitionNotAllowed,
)
from ..models import Client, Consent, Notification, Outcome, Referral, Stay
from .common import check_action, lock_referral, programme_check
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
        answers = list(referral.answers.all())
        if any(not answer.answer for answer in answers):
            raise CriteriaIncomplete()
        if not _has_assessment_consent(referral.client, referral.receiver_organisation_id):
            raise ConsentMissing()
        if referral.status == workflow.Status.INFO_REQUESTED and not self.reason:
            raise ReasonRequired(_("Answer the programme's request before submitting again."))

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
    action = Action.ACCEPT
    notification = Notification.Kind.ACCEPTED

    def apply(self, referral):
        referral.decided_at = timezone.now()
        referral.status_note = self.reason

    def recipients(self, referral):
        return sending_workers(referral)


class DeclineAction(ReferralAction):
    action = Action.DECLINE
    notification = Notification.Kind.DECLINED

    def validate(self, referral):
        if not self.reason:
            raise ReasonRequired(_("A declined referral needs a reason for the sender."))

    def apply(self, referral):
        referral.decided_at = referral.ended_at = timezone.now()
        referral.status_note = self.reason

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
    action = Action.CLOSE
    notification = Notification.Kind.CLOSED

    def validate(self, referral):
        if self.options.get("outcome") not in Outcome.values:
            raise ReferralError(_("Choose how the case ended."))
        closed_on = self.options.get("closed_on") or timezone.localdate()
        stay = Stay.objects.filter(referral=referral).first()
        if stay is not None and closed_on < stay.moved_in_on:
            raise InvalidDates(_("The case cannot end before the client moved in."))
        self.closed_on = closed_on

    def apply(self, referral):
        referral.outcome = self.options["outcome"]
        referral.ended_at = timezone.now()
        referral.status_note = self.reason

    def after_save(self, referral):
        stay = Stay.objects.filter(referral=referral, ended_on__isnull=True).first()
        if stay is not None:
            stay.ended_on = self.closed_on
            save_with_history(stay, user=self.user, reason="stay.ended")

    def recipients(self, referral):
        return sending_workers(referral)


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


def referral_accept(*, referral: Referral, user, reason: str = "") -> Referral:
    return AcceptAction(referral, user=user, reason=reason).execute()


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
) -> Referral:
    return PlaceAction(
        referral,
        user=user,
        lease_start=lease_start,
        lease_end=lease_end,
        moved_in_on=moved_in_on,
        support_worker=support_worker,
    ).execute()


def referral_close(
    *,
    referral: Referral,
    user,
    outcome: str,
    closed_on: datetime.date | None = None,
    reason: str = "",
) -> Referral:
    return CloseAction(
        referral, user=user, outcome=outcome, closed_on=closed_on, reason=reason
    ).execute()
