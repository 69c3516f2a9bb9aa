# ruff: noqa: S608 - the SQL here builds test rows from constants of this module
"""A waiting list is planned as a walk of the rank index that stops after the rows shown,
with the same plan at 2 000 applicants and at 12 000 (docs/decisions/0003); read by someone
outside the programme's commission (a flat's applicants for its housing officer), the
referral's view permission is probed per entry read, never hashed (docs/decisions/0004)."""

import pytest
from django.urls import reverse

from allocation import selectors as allocation_selectors
from allocation.matching import RANK_ORDER
from allocation.models import EntryStatus, WaitingListEntry
from tests.plans import analyze, clone_referrals, clone_rows, nodes, page_queries, plan, shape

pytestmark = pytest.mark.django_db


def test_waiting_list_walks_the_rank_index_at_any_size(alloc, client):
    entry = alloc.applicant()
    shapes, done = [], 0
    for size in (2_000, 12_000):
        n, first = size - done, done
        clone_referrals(entry.referral, n, first)
        number = f"({first} + i)"
        clone_rows(
            WaitingListEntry,
            entry.pk,
            n,
            {
                "public_id": "gen_random_uuid()",
                "referral_id": (
                    f"(SELECT id FROM referrals_referral WHERE reference = 'KLON-' || {number})"
                ),
                "waiting_since": f"waiting_since + {number} * interval '1 minute'",
                "score": f"mod({number}, 40)",
            },
        )
        analyze("allocation_waitinglistentry")
        done = size
        query = allocation_selectors.waiting_list(alloc.commission, alloc.programme)[:200]
        node = plan(query)
        # The rank index gives the order but for the last tie-breaker (the id), so an
        # incremental sort orders each group of equal rank keys; nothing sorts the list.
        assert node["Node Type"] == "Limit", shape(node)
        assert ("Sort", None) not in shape(node)
        assert any(name == "alloc_entry_rank" for _kind, name in shape(node)), shape(node)
        shapes.append(shape(node))
        # The same list through guardian (no programme given: not read as its commission).
        guarded = (
            allocation_selectors.entries_visible_to(alloc.commission)
            .filter(programme=alloc.programme, status=EntryStatus.WAITING)
            .order_by(*RANK_ORDER)[:50]
        )
        node = plan(guarded)
        steps = nodes(node)
        assert node["Node Type"] == "Limit", shape(node)
        assert any(step.get("Index Name") == "alloc_entry_rank" for step in steps), shape(node)
        assert not [step for step in steps if "hashed SubPlan" in step.get("Filter", "")]
        assert not {"Hash", "HashAggregate", "Sort"} & {step["Node Type"] for step in steps}
        assert any("SubPlan" in step.get("Filter", "") for step in steps), shape(node)
        assert len(guarded) == 50
    assert shapes[0] == shapes[1]
    assert WaitingListEntry.objects.count() == 12_001  # the first entry and its copies
    client.force_login(alloc.commission)
    _count, content = page_queries(
        client, reverse("allocation:waiting_list", args=[alloc.programme.pk])
    )
    assert "KLON-" in content
