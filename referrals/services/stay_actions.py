"""The actions from move-in on: placing the client (the lease checked against the
programme's rules, the council's resolution where it approves leases, the hand-over of a
transfer), closing the case (a drop-out with its coded reason) and the case-review group's
exclusion."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import save_with_history
from partners.models import Membership, ReasonCode

from .. import workflow
from ..errors import (
    ActionNotPermitted,
    InvalidDates,
    InvalidKeyWorker,
    ReferralError,
)
from ..models import Client, Notification, Outcome, Referral, Stay
from .base_action import ReferralAction
from .common import lock_referral, reason_code_check
from .notifications import notify, sending_workers
from .stays import check_council_resolution, check_lease

Action = workflow.Action


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
        self.resolution = check_council_resolution(
            referral.programme,
            self.options.get("council_resolution_number"),
            self.options.get("council_resolution_date"),
        )
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
        return reason_code_check(
            self.options.get("end_code"), ReasonCode.List.EARLY_END, required=True
        )

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
