"""The workflow table is plain data: these tests need no database."""

import pytest

from partners.models import Membership
from referrals import workflow
from referrals.workflow import Action, Needs, Role, Side, Status

S = Status


def held(*triples):
    return set(triples)


SENDER_SW = (Side.SENDER, Role.SOCIAL_WORKER, Needs.CHANGE)
RECEIVER_CR = (Side.RECEIVER, Role.CASE_REVIEWER, Needs.DECIDE)
RECEIVER_SW = (Side.RECEIVER, Role.SOCIAL_WORKER, Needs.CHANGE)


def test_roles_match_partners_membership_roles():
    assert {r.value for r in Role} <= set(Membership.Role.values)


def test_every_status_has_a_label():
    assert set(workflow.STATUS_LABELS) == set(Status)


def test_every_action_has_a_label():
    assert set(workflow.ACTION_LABELS) == set(Action)


@pytest.mark.parametrize(
    "source,action,target",
    [
        (S.DRAFT, Action.SUBMIT, S.SUBMITTED),
        (S.SUBMITTED, Action.START_REVIEW, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, Action.REQUEST_INFO, S.INFO_REQUESTED),
        (S.SUBMITTED, Action.REQUEST_INFO, S.INFO_REQUESTED),
        (S.INFO_REQUESTED, Action.SUBMIT, S.SUBMITTED),
        (S.UNDER_REVIEW, Action.ACCEPT, S.ACCEPTED),
        (S.UNDER_REVIEW, Action.DECLINE, S.DECLINED),
        (S.SUBMITTED, Action.WITHDRAW, S.WITHDRAWN),
        (S.ACCEPTED, Action.PLACE, S.PLACED),
        (S.PLACED, Action.CLOSE, S.CLOSED),
        (S.ACCEPTED, Action.CLOSE, S.CLOSED),
    ],
)
def test_issue_workflow_paths_are_in_the_table(source, action, target):
    assert workflow.is_allowed(source, action)
    assert workflow.target_of(source, action) == target


@pytest.mark.parametrize(
    "source,action",
    [
        (S.DRAFT, Action.ACCEPT),
        (S.DRAFT, Action.PLACE),
        (S.SUBMITTED, Action.PLACE),
        (S.DECLINED, Action.ACCEPT),
        (S.WITHDRAWN, Action.SUBMIT),
        (S.CLOSED, Action.PLACE),
        (S.PLACED, Action.WITHDRAW),
        (S.INFO_REQUESTED, Action.ACCEPT),
        (S.ACCEPTED, Action.DECLINE),
        (S.PLACED, Action.ACCEPT),
    ],
)
def test_forbidden_paths_are_not_in_the_table(source, action):
    assert not workflow.is_allowed(source, action)
    assert workflow.target_of(source, action) is None


def test_terminal_states_allow_no_state_change():
    for status in workflow.TERMINAL:
        assert not [a for a in workflow.actions_from(status) if a in workflow.STATE_CHANGING]


def test_every_non_terminal_state_can_be_left():
    for status in set(Status) - workflow.TERMINAL:
        assert [a for a in workflow.actions_from(status) if a in workflow.STATE_CHANGING]


def test_only_receiving_case_reviewers_decide():
    decisions = (Action.ACCEPT, Action.DECLINE, Action.REQUEST_INFO, Action.START_REVIEW)
    for action in (*decisions, Action.EXCLUDE):  # exclusion too: the group, not one worker
        for row in workflow.TRANSITIONS:
            if row.action == action:
                assert (row.side, row.roles, row.needs) == (
                    Side.RECEIVER,
                    frozenset({Role.CASE_REVIEWER}),
                    Needs.DECIDE,
                )


def test_permitted_needs_side_role_and_permission():
    assert workflow.permitted(S.SUBMITTED, Action.ACCEPT, held(RECEIVER_CR))
    assert not workflow.permitted(S.SUBMITTED, Action.ACCEPT, held(SENDER_SW))
    # The role without the permission (e.g. after a hand-over) is not enough.
    no_decide = (Side.RECEIVER, Role.CASE_REVIEWER, Needs.VIEW)
    assert not workflow.permitted(S.SUBMITTED, Action.ACCEPT, held(no_decide))
    assert workflow.permitted(S.DRAFT, Action.SUBMIT, held(SENDER_SW))
    assert not workflow.permitted(S.DRAFT, Action.SUBMIT, held(RECEIVER_SW))
    assert workflow.permitted(S.ACCEPTED, Action.PLACE, held(RECEIVER_SW))
    assert not workflow.permitted(S.ACCEPTED, Action.PLACE, held(RECEIVER_CR))


def test_exclusion_closes_an_accepted_or_placed_case():
    assert workflow.target_of(Status.PLACED, Action.EXCLUDE) == Status.CLOSED
    assert workflow.target_of(Status.ACCEPTED, Action.EXCLUDE) == Status.CLOSED
    assert not workflow.is_allowed(Status.SUBMITTED, Action.EXCLUDE)
    assert Action.EXCLUDE in workflow.REASON_REQUIRED


def test_decline_and_request_info_need_a_reason():
    assert Action.DECLINE in workflow.REASON_REQUIRED
    assert Action.REQUEST_INFO in workflow.REASON_REQUIRED


def test_unknown_values_are_simply_not_allowed():
    assert not workflow.is_allowed("nonsense", Action.SUBMIT)
    assert not workflow.is_allowed(S.DRAFT, "nonsense")
