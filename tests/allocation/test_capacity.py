"""The capacity board: places, occupied, reserved, free and the waiting list per
programme, per region and across the coalition, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allocation.selectors import capacity_board
from partners.models import Programme, Region
from tests.allocation.conftest import S
from tests.partners.factories import OrganisationFactory, ProgrammeFactory
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _row(board, name):
    return next(row for region in board.regions for row in region.rows if row.label == name)


def test_places_occupied_reserved_free_and_waiting_per_programme(alloc):
    programme = alloc.programme
    Programme.objects.filter(pk=programme.pk).update(capacity=6, capacity_unit="bytů")
    waiting = [alloc.applicant() for _ in range(3)]  # accepted, on the list
    alloc.offer(entry=waiting[0])  # offered: still on the list, still reserved
    ReferralFactory(programme=programme, status=S.PLACED)  # moved in
    ReferralFactory(programme=programme, status=S.PLACED)
    ReferralFactory(programme=programme, status=S.CLOSED)  # moved in and out: not counted
    row = _row(capacity_board(), programme.name)
    assert (row.places, row.occupied, row.reserved, row.waiting) == (6, 2, 3, 3)
    assert row.free == 1
    assert row.unit == "bytů" and not row.places_from_flats
    assert row.flats == 1 and row.offered == 1


def test_a_programme_without_a_stated_capacity_counts_its_flats(alloc):
    Programme.objects.filter(pk=alloc.programme.pk).update(capacity=None)
    alloc.flat(places=2)
    alloc.flat()
    row = _row(capacity_board(), alloc.programme.name)
    assert row.places == 3 and row.places_from_flats
    assert row.vacant == 3 and row.free == 3


def test_regions_and_the_coalition_add_up(alloc, orgs):
    Programme.objects.filter(pk=alloc.programme.pk).update(capacity=4)
    alloc.applicant()
    shelter = ProgrammeFactory(
        organisation=OrganisationFactory(region=Region.PRAHA, name="Azylový dům Praha 9"),
        name="Azylový dům",
        kind=Programme.Kind.SHELTER,
        capacity=18,
        capacity_unit="rodin",
    )
    advice = ProgrammeFactory(
        organisation=shelter.organisation, name="Poradna", kind=Programme.Kind.COUNSELLING
    )
    Programme.objects.filter(pk=advice.pk).update(capacity=None)
    board = capacity_board()
    regions = {region.code: region for region in board.regions}
    prague = regions[Region.PRAHA]
    assert [row.label for row in prague.rows] == ["Azylový dům"]  # no places, no counselling
    assert prague.total.places == 18 and prague.total.free == 18
    home = regions[alloc.programme.organisation.region]
    assert home.total.reserved == 1
    assert board.total.places == sum(r.total.places or 0 for r in board.regions)
    assert board.total.free == sum(r.total.free or 0 for r in board.regions)
    assert board.total.reserved == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_board_page_shows_counts_in_fixed_queries(client, alloc, orgs):
    alloc.applicant()
    client.force_login(orgs.sender.users["editor"])
    url = reverse("allocation:capacity")
    client.get(url)
    few = _queries(client, url)
    for i in range(6):
        ProgrammeFactory(
            organisation=OrganisationFactory(region=Region.PRAHA), name=f"Program {i}", capacity=3
        )
        alloc.applicant()
    client.get(url)  # the session's user read anew after the changes (signed_in_user)
    assert _queries(client, url) == few
    page = client.get(url).content.decode()
    assert 'data-region="praha"' in page and "Celá koalice" in page
    assert '<td class="reserved">7</td>' in page  # the home region: seven accepted
    # Column headers name what is counted, not a flat's state ("Nabídnutý").
    assert '<th scope="col">Nabídnuté byty</th>' in page and ">Nabídnutý<" not in page
