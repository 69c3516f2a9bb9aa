# ruff: noqa: S608 - the SQL here builds test rows from constants of this module
"""The referral lists (inbox, outbox, case-review agenda) are planned as one walk of their
organisation's index range that stops after a page, with the same plan at a few thousand
referrals and at ten times as many, and render in the same number of queries; they count
nothing (core.paging, docs/decisions/0003-listings-at-scale.md)."""

import pytest
from django.urls import reverse

from referrals import selectors as referral_selectors
from referrals.models import ReferralGroupObjectPermission
from tests.plans import assert_page_walk, clone_referrals, page_queries, plan, shape
from tests.referrals.conftest import S

pytestmark = pytest.mark.django_db
SIZES = (3_000, 20_000)


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
        assert_page_walk(plan(query), index)
        # The walk itself (the joins of a row's organisations, programme and stage, a few
        # rows each, may be ordered otherwise as the table grows).
        shapes.append([step for step in shape(plan(query)) if step[1] == index])
    assert shapes[0] == shapes[1]
    many, content = page_queries(client, url)
    assert "KLON-" in content and "Stránka 2" in content
    assert many == few
