# ruff: noqa: S608 - the SQL here builds test rows from constants of this module
"""The referral lists (inbox, outbox, case-review agenda) are planned as one walk of their
organisation's index range that stops after a page, with the same plan at a few thousand
referrals and at ten times as many, and render in the same number of queries; they count
nothing (core.paging, docs/decisions/0003-listings-at-scale.md). The view permission is
probed per row shown through the guardian tables' indexes: nothing in the plan, permission
checks included, hashes, sorts or scans all rows of the referral or guardian tables
(docs/decisions/0004-referral-lists-by-row.md)."""

import pytest
from django.urls import reverse

from referrals import selectors as referral_selectors
from referrals.models import ReferralGroupObjectPermission
from tests.plans import assert_page_walk, clone_referrals, nodes, page_queries, plan, shape
from tests.referrals.conftest import S

pytestmark = pytest.mark.django_db
SIZES = (3_000, 20_000)


# Node types that read or order every row they are given: none may appear anywhere in a
# list's plan, its permission checks (SubPlans) included.
WHOLE_TABLE = {"Sort", "Incremental Sort", "Hash", "Hash Join", "HashAggregate", "Materialize"}
GROWING_TABLES = {
    "referrals_referral",
    "referrals_referralgroupobjectpermission",
    "referrals_referraluserobjectpermission",
}


def full_shape(node: dict) -> list[tuple]:
    return [(n["Node Type"], n.get("Index Name") or n.get("Relation Name")) for n in nodes(node)]


def assert_probed_per_row(node: dict) -> None:
    """The permission check is a plain SubPlan run for each row the walk reads (never a
    "hashed SubPlan" that first reads all the user's groups' rows), and no growing table is
    read whole or through a hash."""
    for step in nodes(node):
        kind, relation = step["Node Type"], step.get("Relation Name")
        assert "hashed SubPlan" not in step.get("Filter", ""), step.get("Filter")
        assert kind not in WHOLE_TABLE or relation not in GROWING_TABLES, full_shape(node)
        assert kind not in {"Sort", "Incremental Sort", "Hash", "HashAggregate"}, full_shape(node)
        assert not (kind == "Seq Scan" and relation in GROWING_TABLES), full_shape(node)
    assert any("SubPlan" in step.get("Filter", "") for step in nodes(node)), full_shape(node)


BOXES = [
    ("inbox", "reviewer", "referral_inbox_order"),
    ("outbox", "sender", "referral_outbox_order"),
    ("agenda", "reviewer", "referral_agenda_order"),
]


@pytest.mark.parametrize("box,who,index", BOXES)
def test_referral_lists_walk_their_index_at_any_size(case, client, box, who, index):
    user = getattr(case, who)
    source = case.make(S.SUBMITTED)
    client.force_login(user)
    url = reverse(f"referrals:{box}") + "?page=2"
    few, _ = page_queries(client, url)
    assert ReferralGroupObjectPermission.objects.filter(content_object=source).exists()
    shapes, done = [], 0
    for size in SIZES:
        clone_referrals(source, size - done, done)
        done = size
        query = referral_selectors.referral_list(user, box)[:26]
        node = plan(query)
        assert_page_walk(node, index)
        assert_probed_per_row(node)
        # The walk itself (the joins of a row's organisations and programme, a few rows
        # each, may be ordered otherwise as the table grows, and the probes may use either
        # index of the guardian table that starts with the referral or the group).
        shapes.append([step for step in shape(node) if step[1] == index])
    assert shapes[0] == shapes[1]
    many, content = page_queries(client, url)
    assert "KLON-" in content and "Stránka 2" in content
    assert many == few
