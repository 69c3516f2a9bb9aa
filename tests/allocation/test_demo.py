"""`load_demo_allocation` on top of load_demo's organisations, programmes and accounts."""

from io import StringIO

import pytest
from django.core.management import call_command

from allocation.models import Flat, MemberScore, Offer, ScoringCriterion, WaitingListEntry

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
        Offer.objects.count(),
    )
    # Ostrava: 7 criteria, 4 scored applicants, 3 flats; the rental agency's family and
    # its flat near a school; one offer in each city.
    assert counts == (7, 5, 4, 4, 2)
    second = run()
    assert "0 new scored applicants, 0 new flats" in second and "kept (exists)" in second
    assert (
        ScoringCriterion.objects.count(),
        WaitingListEntry.objects.count(),
        MemberScore.objects.count(),
        Flat.objects.count(),
        Offer.objects.count(),
    ) == counts

    users = get_user_model().objects
    officer = users.get(username="ostrava-komise")
    programme = WaitingListEntry.objects.filter(programme__slug="socialni-bydleni").first()
    entries = list(selectors.waiting_list(officer, programme.programme, status=""))
    assert [e.score for e in entries] == sorted((e.score for e in entries), reverse=True)
    assert entries[0].score == 24  # children, single parent, hostel, cooperation
    # The best-placed family was offered the Hrabůvka flat; the owner's housing officer and
    # the support provider's social worker both accepted, and the family moved in.
    accepted = Offer.objects.get(status=Offer.Status.ACCEPTED)
    assert accepted.entry_id == entries[0].pk and accepted.stay is not None
    assert accepted.owner_accepted_by == officer
    assert accepted.support_accepted_by == users.get(username="ostrava-socialni")
    assert accepted.flat.state == Flat.State.LET
    # The rental agency's offer of a flat near a school waits for both sides.
    pending = Offer.objects.get(status=Offer.Status.PENDING)
    assert pending.flat.owner.slug == "mna-praha" and pending.flat.distance_to_school_m <= 300
    assert pending.entry.near_school and pending.entry.household_size == 3
    assert pending.support_provider.slug == "cssp"
    flat = Flat.objects.get(address__startswith="Nádražní")
    rows = match_flat(flat, selectors.entries_visible_to(officer))
    # the family with an energy debt is shown as unsuitable, with the reason
    assert any(
        not r.suitable and any(c.key == "conditions" and "energi" in str(c.text) for c in r.failed)
        for r in rows
    )
