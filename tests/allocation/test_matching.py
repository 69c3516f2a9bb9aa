"""Every matching rule, fitting and not fitting, with the reason the officer reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from allocation import selectors
from allocation.matching import match_flat
from partners.models import PathwayStage
from tests.allocation.conftest import en

pytestmark = pytest.mark.django_db


def _match(alloc, flat, entry):
    # The programme's conditions explain themselves in the language of the request.
    with translation.override("en"):
        rows = match_flat(flat, selectors.entries_visible_to(alloc.officer, flat.programme))
    row = next(r for r in rows if r.entry_id == entry.pk)
    return row, {c.key: c for c in row.checks}


def test_applicant_who_fits_everything_is_suitable(alloc):
    entry = alloc.applicant(household=3, districts=["jih"], near_school=True)
    row, checks = _match(alloc, alloc.flat(), entry)
    assert row.suitable
    assert all(c.ok for c in checks.values())


@pytest.mark.parametrize(
    ("preferences", "flat", "key", "reason"),
    [
        ({"household": 5}, {}, "household", "larger than the flat allows"),
        ({"min_rooms": 3}, {}, "rooms", "fewer rooms"),
        ({"districts": ["poruba"]}, {}, "district", "does not want to live in this district"),
        ({"needs_accessible": True}, {}, "accessible", "barrier-free"),
        ({"data": {"debt_to_city": 8000}}, {}, "conditions", "without a repayment schedule"),
        ({"data": {"debt_to_energy_supplier": 3000}}, {}, "conditions", "energy supplier"),
    ],
)
def test_hard_rule_not_met_makes_the_applicant_unsuitable(alloc, preferences, flat, key, reason):
    entry = alloc.applicant(**preferences)
    row, checks = _match(alloc, alloc.flat(**flat), entry)
    assert not row.suitable
    assert [c.key for c in row.failed] == [key]
    assert reason in en(checks[key].text)


def test_stage_rule(alloc):
    entry = alloc.applicant()
    crisis = alloc.flat(stage=PathwayStage.objects.get(slug="krizove"))
    row, checks = _match(alloc, crisis, entry)
    assert not row.suitable and not checks["stage"].ok
    assert "different type of housing" in en(checks["stage"].text)


def test_fitting_counterparts_of_the_rules(alloc):
    entry = alloc.applicant(
        household=4,
        min_rooms=2,
        districts=["jih", "poruba"],
        needs_accessible=True,
        data={"debt_to_city": 8000, "city_repayment_schedule": "500 Kč měsíčně"},
    )
    row, checks = _match(alloc, alloc.flat(is_accessible=True), entry)
    assert row.suitable
    assert "conditions are met" in en(checks["conditions"].text)


@pytest.mark.parametrize(
    ("key", "distance_field"),
    [("school", "distance_to_school_m"), ("kindergarten", "distance_to_kindergarten_m")],
)
def test_school_and_kindergarten_are_preferences_shown_not_enforced(alloc, key, distance_field):
    entry = alloc.applicant(**{f"near_{key}": True})
    row, checks = _match(alloc, alloc.flat(**{distance_field: 2500}), entry)
    assert row.suitable
    assert not checks[key].ok and not checks[key].hard
    assert "further away" in en(checks[key].text)


def test_suitable_applicants_come_first_in_ranking_order(alloc):
    top_unsuitable = alloc.score(alloc.applicant(household=6), "Oběť domácího násilí")
    low = alloc.applicant()
    high = alloc.score(alloc.applicant(), "Rodina s nezletilými dětmi", "Oběť domácího násilí")
    rows = match_flat(alloc.flat(), selectors.entries_visible_to(alloc.officer))
    assert [r.entry_id for r in rows] == [high.pk, low.pk, top_unsuitable.pk]
    assert [r.rank for r in rows] == [1, 3, 2]
    assert [r.suitable for r in rows] == [True, True, False]


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_matching_takes_a_fixed_number_of_queries_per_group(alloc):
    """The flat's rules: one query per group (suitable, the rest). The programme's
    conditions (here the two debt conditions, answered from the record itself): the
    conditions once, then per group the clients' records and the exceptions."""
    for _ in range(3):
        alloc.applicant(districts=["poruba"])
    alloc.applicant()
    flat = alloc.flat()
    entries = selectors.entries_visible_to(alloc.officer, flat.programme)
    assert _queries(lambda: match_flat(flat, entries, limit=1)) == 1 + 3
    rows = match_flat(flat, entries, limit=1)
    assert [r.suitable for r in rows] == [True]
    assert _queries(lambda: match_flat(flat, entries)) == 1 + 3 + 3
    rows = match_flat(flat, entries)
    assert [r.suitable for r in rows] == [True, False, False, False]
    assert sorted(r.rank for r in rows) == [1, 2, 3, 4]
    for _ in range(4):  # twice the list, the same queries
        alloc.applicant(districts=["poruba"])
    assert _queries(lambda: match_flat(flat, entries)) == 1 + 3 + 3


def test_commission_shortcut_and_guardian_path_see_the_same_entries(alloc, orgs):
    entries = [alloc.applicant() for _ in range(2)]
    shortcut = selectors.entries_visible_to(alloc.commission, alloc.programme)
    guardian = selectors.entries_visible_to(alloc.commission)
    assert set(shortcut) == set(guardian) == set(entries)
    # the sender's social worker has no shortcut: guardian decides, per referral
    sender = orgs.sender.users["social_worker"]
    assert set(selectors.entries_visible_to(sender, alloc.programme)) == set(entries)
    assert not selectors.entries_visible_to(orgs.third.users["case_reviewer"], alloc.programme)
