"""What happens next, and by when, for each side of a referral in each state: the box at
the top of the referral page. A plain table like workflow.py, testable without a
database; `next_steps` picks the rows for the sides the user works on."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import Side, Status

S = Status

STEPS = {
    (S.DRAFT, Side.SENDER): _(
        "Complete the reason and the intake criteria, then submit the referral. Nothing is "
        "shared with the receiving programme until you submit it."
    ),
    (S.SUBMITTED, Side.SENDER): _(
        "The programme's case-review group decides: it accepts, declines or asks for more "
        "information. You will get a notification."
    ),
    (S.UNDER_REVIEW, Side.SENDER): _(
        "The programme's case-review group is reviewing the referral. You will get a "
        "notification of its decision."
    ),
    (S.SUBMITTED, Side.RECEIVER): _(
        "Start the review and record the case-review group's decision: accept, decline or "
        "request more information."
    ),
    (S.UNDER_REVIEW, Side.RECEIVER): _(
        "Record the case-review group's decision: accept, decline or request more information."
    ),
    (S.INFO_REQUESTED, Side.SENDER): _(
        "The programme asks for more information (see the note to the status). Add it, "
        "write your answer and submit the referral again."
    ),
    (S.INFO_REQUESTED, Side.RECEIVER): _(
        "Waiting for the sender's answer to your request; the referral comes back to you "
        "when it is submitted again."
    ),
    (S.ACCEPTED, Side.RECEIVER): _(
        "Next step: agree the move-in with the client, sign the lease and the cooperation "
        "agreement, then record the move-in with the lease dates (Record move-in). If the "
        "client does not move in after all, close the case."
    ),
    (S.ACCEPTED, Side.SENDER): _(
        "The referral was accepted. The programme's social worker agrees the move-in with "
        "the client; you will be notified when the client moves in."
    ),
    (S.PLACED, Side.RECEIVER): _(
        "The client lives in the programme: visit as the programme asks, keep the "
        "individual plan and the rent record, and extend or end the lease in time."
    ),
}

# The states whose step has a deadline: the answer the programme owes the sender.
DUE = {S.SUBMITTED, S.UNDER_REVIEW}


@dataclass(frozen=True)
class NextStep:
    text: str
    due: datetime.date | None = None


def next_steps(referral, sides) -> list[NextStep]:
    """The next steps of `referral` for the sides the user works on (sender first)."""
    steps = []
    for side in (Side.SENDER, Side.RECEIVER):
        text = STEPS.get((referral.status, side)) if side in sides else None
        if text is None:
            continue
        due = None
        if referral.status in DUE and referral.answer_due_at is not None:
            due = timezone.localtime(referral.answer_due_at).date()
        steps.append(NextStep(text=text, due=due))
    return steps
