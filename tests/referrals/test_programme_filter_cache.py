"""The programme filter of the referral lists (selectors.programmes_for_filter) is cached by
the set of the reader's organisations, never by user: colleagues share it, another
organisation never gets it, and it follows a new referral, a renamed programme and a
membership that changes the reader's organisations (docs/decisions/0004)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Membership
from referrals import selectors
from tests.partners.factories import MembershipFactory
from tests.referrals.conftest import S, grant_consent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def _labels(user) -> list[str]:
    return [label for _pk, label in selectors.programmes_for_filter(user)]


def _programme_queries(user) -> int:
    """Statements that read programmes or referrals (the user's memberships aside)."""
    with CaptureQueriesContext(connection) as captured:
        selectors.programmes_for_filter(user)
    return sum("partners_membership" not in query["sql"] for query in captured)


def test_colleagues_share_the_list_and_other_organisations_do_not(case, third_programme):
    colleague = MembershipFactory(
        organisation=case.orgs.sender.organisation, role=Membership.Role.SOCIAL_WORKER
    ).user
    case.make(S.SUBMITTED)
    assert _programme_queries(case.sender) == 2  # the referred-to programmes, the labels
    sender_labels = _labels(case.sender)
    assert any(case.programme.name in label for label in sender_labels)
    assert _programme_queries(colleague) == 0  # the sender's list, served to a colleague
    assert _labels(colleague) == sender_labels
    # The third organisation has neither sent to nor owns the receiver's programme.
    outsider = case.orgs.third.users["social_worker"]
    outsider_labels = _labels(outsider)
    assert outsider_labels != sender_labels
    assert not any(case.programme.name in label for label in outsider_labels)
    assert any(third_programme.name in label for label in outsider_labels)


def test_a_referral_to_a_new_programme_shows_after_its_commit(
    case, third_programme, django_capture_on_commit_callbacks
):
    assert not any(third_programme.name in label for label in _labels(case.sender))
    grant_consent(case, third_programme.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        case.make(S.SUBMITTED, programme=third_programme)
    assert any(third_programme.name in label for label in _labels(case.sender))


def test_a_referral_saved_but_not_committed_leaves_the_version(
    case, third_programme, django_capture_on_commit_callbacks
):
    """The version changes after the commit, not at the save: a list computed between the
    two (without the new referral) is stored under the old version and never served."""
    before = _labels(case.sender)
    grant_consent(case, third_programme.organisation)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case.make(S.DRAFT, programme=third_programme)
    assert _labels(case.sender) == before  # not committed yet: the kept list
    for callback in callbacks:
        callback()
    assert any(third_programme.name in label for label in _labels(case.sender))


def test_a_renamed_programme_is_shown_by_its_new_name(case):
    case.make(S.SUBMITTED)
    _labels(case.sender)
    case.programme.name = "Tréninkové byty (přejmenováno)"
    case.programme.save()
    assert any("přejmenováno" in label for label in _labels(case.sender))


def test_a_new_membership_brings_its_organisations_programmes(case, third_programme):
    worker = case.sender
    assert not any(third_programme.name in label for label in _labels(worker))
    MembershipFactory(
        user=worker, organisation=third_programme.organisation, role=Membership.Role.SOCIAL_WORKER
    )
    worker = type(worker).objects.get(pk=worker.pk)  # the next request's user
    assert any(third_programme.name in label for label in _labels(worker))
