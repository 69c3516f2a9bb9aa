"""The actions up to the receiving programme's decision: submitting (the intake
conditions checked), starting the review, asking for information, accepting (with an
exception from unmet conditions), declining (with its coded reason) and withdrawing."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import ReasonCode

from .. import workflow
from ..conditions import contradicts, names
from ..errors import ConditionsUnmet, ConsentMissing, CriteriaIncomplete, ReasonRequired
from ..models import Client, Consent, Notification
from ..selectors.conditions import referral_answer_checks
from .base_action import ReferralAction
from .common import programme_check, reason_code_check, store_verdicts
from .notifications import receiving_reviewers, sending_workers

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
            self.checks,
            extra_fields=["override_reason", "overridden_by", "overridden_at"],
            changed=[check.answer for check in self.overridden],
        )

    def recipients(self, referral):
        return sending_workers(referral)


class DeclineAction(ReferralAction):
    action = Action.DECLINE
    notification = Notification.Kind.DECLINED

    def validate(self, referral):
        if not self.reason:
            raise ReasonRequired(_("A declined referral needs a reason for the sender."))
        # The code is what the barriers report counts: refused here, not only in the form.
        self.code = reason_code_check(
            self.options.get("reason_code"), ReasonCode.List.DECLINE, required=True
        )

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
