"""Referral state changes: the table of actions and the keyword-only services that run
them. Every one is an action with Wagtail's shape (base_action.py); the actions up to the
decision are in intake_actions.py, those from move-in on in stay_actions.py. The
case-review group's decisions, which run these actions, are recorded in decisions.py."""

import datetime

from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..errors import ActionNotPermitted, TransitionNotAllowed
from ..models import Referral
from .base_action import ReferralAction
from .intake_actions import (
    AcceptAction,
    DeclineAction,
    RequestInfoAction,
    StartReviewAction,
    SubmitAction,
    WithdrawAction,
)
from .stay_actions import CloseAction, ExcludeAction, PlaceAction

__all__ = [
    "ACTIONS",
    "AcceptAction",
    "CloseAction",
    "DeclineAction",
    "ExcludeAction",
    "PlaceAction",
    "ReferralAction",
    "RequestInfoAction",
    "StartReviewAction",
    "SubmitAction",
    "WithdrawAction",
    "referral_accept",
    "referral_close",
    "referral_decline",
    "referral_place",
    "referral_request_info",
    "referral_start_review",
    "referral_submit",
    "referral_transition",
    "referral_withdraw",
]

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
    """Run one action by its name. An exclusion is only ever the case-review group's
    decision, recorded with the members present (decisions.referral_decide)."""
    try:
        action_class = ACTIONS[workflow.Action(action)]
    except (KeyError, ValueError) as error:
        raise TransitionNotAllowed() from error
    if action_class is ExcludeAction:
        raise ActionNotPermitted(
            _("Exclusion from the programme is decided by its case-review group.")
        )
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


def referral_decline(*, referral: Referral, user, reason: str, reason_code=None) -> Referral:
    return DeclineAction(referral, user=user, reason=reason, reason_code=reason_code).execute()


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
