"""An offer of a flat in a programme whose leases the council approves (Přerov) records
the resolution the offered lease rests on; the move-in takes it over to the stay."""

import datetime

import pytest
from django.urls import reverse

from allocation import services
from allocation.errors import AllocationError
from referrals.models import Stay

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
NUMBER = "RM 1290/39/4/2026"


@pytest.fixture
def council_alloc(alloc):
    alloc.programme.lease_needs_council_resolution = True
    alloc.programme.save()
    return alloc


def test_an_offer_without_the_resolution_is_refused_and_writes_nothing(council_alloc):
    flat, entry = council_alloc.flat(), council_alloc.applicant()
    for resolution in (
        {},
        {"council_resolution_number": NUMBER},
        {
            "council_resolution_number": NUMBER,
            "council_resolution_date": TODAY + datetime.timedelta(days=3),
        },
    ):
        with pytest.raises(AllocationError):
            council_alloc.offer(flat=flat, entry=entry, **resolution)
    flat.refresh_from_db()
    entry.refresh_from_db()
    assert (flat.state, entry.status) == ("vacant", "waiting")
    assert not flat.offers.exists()


def test_the_offers_resolution_reaches_the_stay_and_both_pages(client, council_alloc):
    day = TODAY - datetime.timedelta(days=4)
    offer = council_alloc.offer(council_resolution_number=NUMBER, council_resolution_date=day)
    assert (offer.council_resolution_number, offer.council_resolution_date) == (NUMBER, day)
    shown = f"č. {NUMBER} ze dne {day.day}.\xa0{day.month}.\xa0{day.year}"  # one line
    client.force_login(council_alloc.officer)
    page = client.get(reverse("allocation:offer", args=[offer.public_id]))
    assert shown in page.content.decode()
    services.offer_accept(offer=offer, user=council_alloc.officer, side="owner")
    services.offer_accept(offer=offer, user=council_alloc.support, side="support")
    stay = Stay.objects.get(referral_id=offer.entry.referral_id)
    assert (stay.council_resolution_number, stay.council_resolution_date) == (NUMBER, day)


def test_the_offer_form_asks_for_the_resolution_only_where_the_council_decides(client, alloc):
    flat, entry = alloc.flat(), alloc.applicant()
    client.force_login(alloc.officer)
    url = reverse("allocation:offer_create", args=[flat.public_id, entry.public_id])
    assert "council_resolution_number" not in client.get(url).content.decode()
    alloc.programme.lease_needs_council_resolution = True
    alloc.programme.save()
    assert "council_resolution_number" in client.get(url).content.decode()
