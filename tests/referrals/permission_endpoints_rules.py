"""Endpoints of the permission matrix for the programme's rules (issue 15): accepting a
referral with an exception from its unmet conditions and excluding a client from the
programme are the receiving case-review group's; everyone else who sees the case is
refused without effect, and whoever does not see it gets 404, as for a missing id. The code
lists themselves are tested in tests/partners/test_code_lists.py."""

from partners.models import ReasonCode
from referrals.models import CriterionAnswer, Referral
from tests.referrals.permission_endpoints import (
    Endpoint,
    _action,
    _missing_referral,
    _status_is,
)
from tests.referrals.permission_world import CASE_PARTIES, DECIDERS, TODAY


def _accepted_with_exception(w) -> bool:
    referral = w.referrals["exception"]
    return (
        _status_is("exception", "accepted")(w)
        and CriterionAnswer.objects.filter(referral=referral, overridden_at__isnull=False).exists()
    )


def _excluded(w) -> bool:
    referral = Referral.objects.get(pk=w.referrals["placed"].pk)
    return referral.status == "closed" and referral.outcome == "excluded"


def _exclusion_code(w) -> int:
    return ReasonCode.objects.get(code_list="exclusion", code="non_cooperation").pk


RULES_ENDPOINTS = [
    Endpoint(
        "acceptance form with unmet conditions",
        _action("exception", "accept"),
        CASE_PARTIES,
        DECIDERS,
    ),
    Endpoint(
        "accept with an exception",
        _action("exception", "accept"),
        CASE_PARTIES,
        DECIDERS,
        "post",
        data=lambda w: {
            "meeting_date": TODAY,
            "override_reason": "Dluh u dodavatele se splácí, dohoda podepsána.",
        },
        effect=_accepted_with_exception,
    ),
    Endpoint(
        "exclusion form",
        _action("placed", "exclude"),
        CASE_PARTIES,
        DECIDERS,
        missing=_missing_referral("referrals:action", action="exclude"),
    ),
    Endpoint(
        "exclude from the programme",
        _action("placed", "exclude"),
        CASE_PARTIES,
        DECIDERS,
        "post",
        data=lambda w: {
            "meeting_date": TODAY,
            "reason_code": _exclusion_code(w),
            "reason": "Opakovaně odmítá schůzky s klíčovou pracovnicí.",
        },
        effect=_excluded,
    ),
]
