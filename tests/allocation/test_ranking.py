"""The waiting list's order: points, then time on the list, then submission, then entry."""

import datetime

import pytest
from django.utils import timezone

from allocation import selectors
from allocation.models import WaitingListEntry

pytestmark = pytest.mark.django_db


def _set(entry, **fields):
    WaitingListEntry.objects.filter(pk=entry.pk).update(**fields)


def test_higher_score_ranks_first_and_ties_break_on_waiting_time_then_submission(alloc):
    now = timezone.now()
    a, b, c, d = (alloc.applicant() for _ in range(4))
    alloc.score(a, "Oběť domácího násilí")  # 10
    alloc.score(b, "Rodina s nezletilými dětmi")  # 10
    alloc.score(c, "Rodina s nezletilými dětmi", "Oběť domácího násilí")  # 20
    alloc.score(d, "Oběť domácího násilí")  # 10
    # b waited longest among the tens; a and d entered the list the same moment, but d's
    # referral was submitted earlier.
    _set(a, waiting_since=now - datetime.timedelta(days=10), submitted_at=now)
    _set(b, waiting_since=now - datetime.timedelta(days=30))
    _set(
        d,
        waiting_since=now - datetime.timedelta(days=10),
        submitted_at=now - datetime.timedelta(days=40),
    )
    ranked = list(selectors.waiting_list(alloc.commission, alloc.programme))
    assert [e.pk for e in ranked] == [c.pk, b.pk, d.pk, a.pk]
    assert [e.rank for e in ranked] == [1, 2, 3, 4]
    assert [selectors.entry_rank(e) for e in ranked] == [1, 2, 3, 4]


def test_full_tie_is_broken_by_the_older_entry(alloc):
    same = timezone.now() - datetime.timedelta(days=5)
    first, second = alloc.applicant(), alloc.applicant()
    _set(first, waiting_since=same, submitted_at=same)
    _set(second, waiting_since=same, submitted_at=same)
    ranked = list(selectors.waiting_list(alloc.commission, alloc.programme))
    assert [e.pk for e in ranked] == [first.pk, second.pk]


def test_district_list_holds_those_who_want_it_or_have_no_preference(alloc):
    jih = alloc.applicant(districts=["jih"])
    poruba = alloc.applicant(districts=["poruba"])
    anywhere = alloc.applicant()
    both = alloc.applicant(districts=["jih", "poruba"])
    listed = selectors.waiting_list(
        alloc.commission, alloc.programme, district=alloc.districts["jih"]
    )
    assert {e.pk for e in listed} == {jih.pk, anywhere.pk, both.pk}
    assert poruba.pk not in {e.pk for e in listed}


def test_suspended_and_removed_applicants_leave_the_ranking(alloc):
    from allocation import services

    a, b, c = (alloc.applicant() for _ in range(3))
    services.entry_set_status(
        entry=b, user=alloc.commission, status="suspended", reason="Pobyt v nemocnici."
    )
    services.entry_set_status(
        entry=c, user=alloc.commission, status="removed", reason="Odstěhovala se."
    )
    ranked = list(selectors.waiting_list(alloc.commission, alloc.programme))
    assert [e.pk for e in ranked] == [a.pk]
    c.refresh_from_db()
    assert c.status_reason == "Odstěhovala se."


def test_removal_without_reason_is_refused(alloc):
    from allocation import services
    from allocation.errors import AllocationError

    entry = alloc.applicant()
    with pytest.raises(AllocationError):
        services.entry_set_status(entry=entry, user=alloc.commission, status="removed", reason=" ")
    entry.refresh_from_db()
    assert entry.status == "waiting"
