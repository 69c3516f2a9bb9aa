"""The referral workflow as a plain table.

Each row says: in this status, this action is open to this side of the referral (the
sending or the receiving organisation), to members with one of these roles who hold this
object permission, and moves the referral to that status (or leaves it where it is).

Nothing here touches the database, so the table can be imported, read and tested on its
own; the services ask it before every change and the permissions before showing a button.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    INFO_REQUESTED = "info_requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    PLACED = "placed"
    CLOSED = "closed"


STATUS_LABELS = {
    Status.DRAFT: _("Draft"),
    Status.SUBMITTED: _("Submitted"),
    Status.UNDER_REVIEW: _("Under review"),
    Status.INFO_REQUESTED: _("More information requested"),
    Status.ACCEPTED: _("Accepted"),
    Status.DECLINED: _("Declined"),
    Status.WITHDRAWN: _("Withdrawn by the sender"),
    Status.PLACED: _("Placed"),
    Status.CLOSED: _("Closed"),
}


class Side(StrEnum):
    SENDER = "sender"
    RECEIVER = "receiver"


class Role(StrEnum):
    """The partners.Membership roles that take part in referrals (same values)."""

    SOCIAL_WORKER = "social_worker"
    CASE_REVIEWER = "case_reviewer"


class Needs(StrEnum):
    """The object permission (django-guardian codename on the referral) an action needs on
    top of the role. Handing a case over takes `change` and `decide` away from the previous
    holders, so the same role then no longer suffices."""

    VIEW = "view_referral"
    CHANGE = "change_referral"
    DECIDE = "decide_referral"


class Action(StrEnum):
    EDIT = "edit"
    ATTACH = "attach"
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    REQUEST_INFO = "request_info"
    ACCEPT = "accept"
    DECLINE = "decline"
    WITHDRAW = "withdraw"
    PLACE = "place"
    CLOSE = "close"
    EXCLUDE = "exclude"
    TRANSFER = "transfer"
    EXTEND_LEASE = "extend_lease"
    RECORD_VISIT = "record_visit"
    EDIT_PLAN = "edit_plan"
    FLAG = "flag"
    KEEP_ACCOUNT = "keep_account"
    RECORD_BREACH = "record_breach"


ACTION_LABELS = {
    Action.EDIT: _("Edit"),
    Action.ATTACH: _("Add an attachment"),
    Action.SUBMIT: _("Submit"),
    Action.START_REVIEW: _("Start review"),
    Action.REQUEST_INFO: _("Request more information"),
    Action.ACCEPT: _("Accept"),
    Action.DECLINE: _("Decline"),
    Action.WITHDRAW: _("Withdraw"),
    Action.PLACE: _("Record move-in"),
    Action.CLOSE: _("Close the case"),
    Action.EXCLUDE: _("Exclude from the programme"),
    Action.TRANSFER: _("Transfer to another programme"),
    Action.EXTEND_LEASE: _("Extend the lease"),
    Action.RECORD_VISIT: _("Record a visit"),
    Action.EDIT_PLAN: _("Edit the individual plan"),
    Action.FLAG: _("Flag the case"),
    Action.KEEP_ACCOUNT: _("Keep the rent and payment record"),
    Action.RECORD_BREACH: _("Record a house-rule breach"),
}

# Actions that move the referral; the others work on it in place.
STATE_CHANGING = frozenset(
    {
        Action.SUBMIT,
        Action.START_REVIEW,
        Action.REQUEST_INFO,
        Action.ACCEPT,
        Action.DECLINE,
        Action.WITHDRAW,
        Action.PLACE,
        Action.CLOSE,
        Action.EXCLUDE,
    }
)
# What a person is told once a state change is done: what happened, not which button it was.
ACTION_DONE = {
    Action.SUBMIT: _("The referral was sent to the receiving programme."),
    Action.START_REVIEW: _("The review of the referral has started."),
    Action.REQUEST_INFO: _("The request for more information was sent to the sender."),
    Action.ACCEPT: _("The referral was accepted."),
    Action.DECLINE: _("The referral was declined; the sender sees the reason."),
    Action.WITHDRAW: _("The referral was withdrawn."),
    Action.PLACE: _("The move-in was recorded."),
    Action.CLOSE: _("The case was closed."),
    Action.EXCLUDE: _("The client was excluded from the programme."),
}
# Actions whose reason the user must give (decline: the sender must learn why).
REASON_REQUIRED = frozenset({Action.DECLINE, Action.REQUEST_INFO, Action.FLAG, Action.EXCLUDE})


@dataclass(frozen=True)
class Transition:
    action: Action
    source: Status
    target: Status | None  # None: the status stays as it is
    side: Side
    roles: frozenset[Role]
    needs: Needs


SW = frozenset({Role.SOCIAL_WORKER})
CR = frozenset({Role.CASE_REVIEWER})
SW_CR = frozenset({Role.SOCIAL_WORKER, Role.CASE_REVIEWER})
S = Status


def _rows(action, sources, target, side, roles, needs) -> list[Transition]:
    return [Transition(action, source, target, side, roles, needs) for source in sources]


AWAITING_DECISION = frozenset({S.SUBMITTED, S.UNDER_REVIEW})
TERMINAL = frozenset({S.DECLINED, S.WITHDRAWN, S.CLOSED})
OPEN = frozenset(set(S) - TERMINAL - {S.DRAFT})
# The referral's own content (reason, criteria, attachments) is the sender's to change
# until the receiver has decided.
SENDER_EDITABLE = frozenset({S.DRAFT, S.INFO_REQUESTED})
SENDER_ATTACHABLE = frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.INFO_REQUESTED})

SENDER, RECEIVER = Side.SENDER, Side.RECEIVER
CHANGE, DECIDE, VIEW = Needs.CHANGE, Needs.DECIDE, Needs.VIEW

TRANSITIONS: tuple[Transition, ...] = tuple(
    _rows(Action.EDIT, SENDER_EDITABLE, None, SENDER, SW, CHANGE)
    + _rows(Action.ATTACH, SENDER_ATTACHABLE, None, SENDER, SW, CHANGE)
    # The receiving programme files the lease, the cooperation agreement and the like.
    + _rows(Action.ATTACH, [S.ACCEPTED, S.PLACED], None, RECEIVER, SW, CHANGE)
    + _rows(Action.SUBMIT, [S.DRAFT, S.INFO_REQUESTED], S.SUBMITTED, SENDER, SW, CHANGE)
    + _rows(Action.START_REVIEW, [S.SUBMITTED], S.UNDER_REVIEW, RECEIVER, CR, DECIDE)
    + _rows(Action.REQUEST_INFO, AWAITING_DECISION, S.INFO_REQUESTED, RECEIVER, CR, DECIDE)
    + _rows(Action.ACCEPT, AWAITING_DECISION, S.ACCEPTED, RECEIVER, CR, DECIDE)
    + _rows(Action.DECLINE, AWAITING_DECISION, S.DECLINED, RECEIVER, CR, DECIDE)
    + _rows(
        Action.WITHDRAW,
        [S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.INFO_REQUESTED, S.ACCEPTED],
        S.WITHDRAWN,
        SENDER,
        SW,
        CHANGE,
    )
    + _rows(Action.PLACE, [S.ACCEPTED], S.PLACED, RECEIVER, SW, CHANGE)
    # From accepted: the client never moved in (dropped out before the lease).
    + _rows(Action.CLOSE, [S.ACCEPTED, S.PLACED], S.CLOSED, RECEIVER, SW, CHANGE)
    # Exclusion after a failed intervention is the case-review group's decision.
    + _rows(Action.EXCLUDE, [S.ACCEPTED, S.PLACED], S.CLOSED, RECEIVER, CR, DECIDE)
    + _rows(Action.TRANSFER, [S.PLACED], None, RECEIVER, SW, CHANGE)
    + _rows(Action.EXTEND_LEASE, [S.PLACED], None, RECEIVER, SW, CHANGE)
    + _rows(Action.RECORD_VISIT, [S.PLACED], None, RECEIVER, SW, CHANGE)
    + _rows(Action.EDIT_PLAN, [S.ACCEPTED, S.PLACED], None, RECEIVER, SW, CHANGE)
    # The receiving programme keeps the tenant's account (it is the landlord's ledger).
    + _rows(Action.KEEP_ACCOUNT, [S.PLACED], None, RECEIVER, SW, CHANGE)
    + _rows(Action.RECORD_BREACH, [S.PLACED], None, RECEIVER, SW, CHANGE)
    + _rows(Action.FLAG, OPEN, None, SENDER, SW, CHANGE)
    + _rows(Action.FLAG, OPEN, None, RECEIVER, SW_CR, VIEW)
)

_BY_KEY: dict[tuple[Status, Action], tuple[Transition, ...]] = {}
for _row in TRANSITIONS:
    _BY_KEY.setdefault((_row.source, _row.action), ())
    _BY_KEY[(_row.source, _row.action)] += (_row,)


def transitions_for(status: str, action: str) -> tuple[Transition, ...]:
    """Rows that allow `action` in `status` (one per side that may take it)."""
    try:
        return _BY_KEY.get((Status(status), Action(action)), ())
    except ValueError:
        return ()


def is_allowed(status: str, action: str) -> bool:
    return bool(transitions_for(status, action))


def target_of(status: str, action: str) -> Status | None:
    rows = transitions_for(status, action)
    return rows[0].target if rows else None


def permitted(status: str, action: str, held: set[tuple[Side, Role, Needs]]) -> bool:
    """Whether someone may take `action` now. `held` lists what the person holds on the
    referral: (side, role, permission) for each side where they are a member in that role
    and the role's group has that permission on the referral."""
    for row in transitions_for(status, action):
        if any((row.side, role, row.needs) in held for role in row.roles):
            return True
    return False


def actions_from(status: str) -> list[Action]:
    """Every action the table opens in `status`, in table order, without repeats."""
    seen: list[Action] = []
    for row in TRANSITIONS:
        if row.source == status and row.action not in seen:
            seen.append(row.action)
    return seen
