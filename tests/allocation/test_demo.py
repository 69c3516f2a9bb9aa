"""`load_demo_allocation` on top of load_demo's organisations, programmes and accounts."""

from io import StringIO

import pytest
from django.core.management import call_command

from allocation.models import Flat, MemberScore, ScoringCriterion, WaitingListEntry

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("load_demo_allocation", stdout=out)
    return out.getvalue()


def test_without_load_demo_it_is_skipped_with_a_message():
    assert "skipped" in run()
    assert not Flat.objects.exists()


@pytest.fixture
def demo_partners(site_tree):
    from cms.demo.organisations import organisations_ensure
    from cms.demo.programmes import programmes_ensure
    from cms.demo.report import LoadReport
    from cms.demo.users import users_ensure

    report = LoadReport()
    organisations = organisations_ensure(report)
    programmes_ensure(organisations, report)
    users_ensure(organisations, site_tree.secretariat_group, report)
    return organisations


def test_demo_allocation_is_scored_ranked_and_idempotent(demo_partners):
    from django.contrib.auth import get_user_model

    from allocation import selectors
    from allocation.matching import match_flat

    assert "4 new scored applicants, 3 new flats" in run()
    counts = (
        ScoringCriterion.objects.count(),
        WaitingListEntry.objects.count(),
        MemberScore.objects.count(),
        Flat.objects.count(),
    )
    assert counts == (7, 4, 4, 3)
    assert "0 new scored applicants, 0 new flats" in run()
    assert (
        ScoringCriterion.objects.count(),
        WaitingListEntry.objects.count(),
        MemberScore.objects.count(),
        Flat.objects.count(),
    ) == counts

    officer = get_user_model().objects.get(username="ostrava-komise")
    entries = list(selectors.waiting_list(officer, WaitingListEntry.objects.first().programme))
    assert [e.score for e in entries] == sorted((e.score for e in entries), reverse=True)
    assert entries[0].score == 24  # children, single parent, hostel, cooperation
    flat = Flat.objects.get(address__startswith="Horní")
    rows = match_flat(flat, selectors.entries_visible_to(officer))
    assert rows[0].suitable and rows[0].entry_id == entries[0].pk
    # the family with an energy debt is shown as unsuitable, with the reason
    assert any(not r.suitable and "energy_debt" in [c.key for c in r.failed] for r in rows)
