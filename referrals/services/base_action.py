"""The shape every referral state change shares, after Wagtail's actions: `check()`
(permission and the workflow table) then `execute()` in one transaction, with the referral
row locked (select_for_update), the history reason recorded, guardian's permissions synced
and notifications stored for delivery after commit. The actions themselves are in
intake_actions.py (up to the decision) and stay_actions.py (move-in and the end of a case)."""

from collections.abc import Iterable

from django.db import transaction

from core.history import save_with_history

from .. import permissions, workflow
from ..errors import ReasonRequired
from ..models import Referral
from .common import check_action, lock_referral
from .notifications import notify


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
