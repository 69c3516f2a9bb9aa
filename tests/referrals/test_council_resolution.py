"""Where the seed names the council's resolution on the lease (Přerov: the city concludes
the lease "na základě usnesení Rady města"), the decision on the lease records its number
and date: at move-in, at each renewal and on an offer of a flat (tests/allocation). It is
required where the programme says so (data, not code), checked wherever given, and shown
on the case page and in its history."""

import datetime

import pytest
from django.urls import reverse

from referrals import services, timeline
from referrals.errors import InvalidDates, ReasonRequired, RenewalBasisMissing
from referrals.models import LeaseRenewal, Stay
from tests.referrals.conftest import S

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
LEASE = {"lease_start": TODAY, "lease_end": TODAY + datetime.timedelta(days=180)}
NUMBER = "RM 1284/38/7/2026"


@pytest.fixture
def council_case(case):
    case.programme.lease_needs_council_resolution = True
    case.programme.save()
    return case


def _place(case, referral, **resolution):
    user = case.receiver_worker
    return services.referral_place(referral=referral, user=user, **LEASE, **resolution)


def _placed_by_council(case, days_ago: int):
    """An accepted referral moved in on the council's resolution of `days_ago` days ago:
    the referral and its stay."""
    referral = case.make(S.ACCEPTED)
    resolved_on = TODAY - datetime.timedelta(days=days_ago)
    _place(case, referral, council_resolution_number=NUMBER, council_resolution_date=resolved_on)
    return referral, Stay.objects.get(referral=referral)


@pytest.mark.parametrize(
    "resolution,error",
    [
        ({}, ReasonRequired),
        ({"council_resolution_number": "  "}, ReasonRequired),
        ({"council_resolution_number": NUMBER}, ReasonRequired),
        ({"council_resolution_date": TODAY}, ReasonRequired),
        (
            {
                "council_resolution_number": NUMBER,
                "council_resolution_date": TODAY + datetime.timedelta(days=1),
            },
            InvalidDates,
        ),
    ],
)
def test_a_move_in_without_a_valid_resolution_is_refused_and_writes_nothing(
    council_case, resolution, error
):
    referral = council_case.make(S.ACCEPTED)
    history = referral.history.count()
    with pytest.raises(error) as refused:
        _place(council_case, referral, **resolution)
    assert str(refused.value.message).strip()
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED and referral.history.count() == history
    assert not Stay.objects.filter(referral=referral).exists()


def test_a_resolution_given_where_none_is_required_is_still_checked(case):
    referral = case.make(S.ACCEPTED)
    with pytest.raises(ReasonRequired):
        _place(case, referral, council_resolution_number=NUMBER)
    _place(case, referral)  # none needed, none given
    assert Stay.objects.get(referral=referral).council_resolution_number == ""


def test_the_case_page_and_its_history_show_the_resolution(client, council_case):
    referral = council_case.make(S.ACCEPTED)
    day = TODAY - datetime.timedelta(days=6)
    _place(council_case, referral, council_resolution_number=NUMBER, council_resolution_date=day)
    client.force_login(council_case.receiver_worker)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Usnesení rady" in page
    assert f"č. {NUMBER} ze dne {day.day}.\xa0{day.month}.\xa0{day.year}" in page
    entries = timeline.timeline_for(council_case.sender, referral)
    started = next(e for e in entries if e.key == "stay.started")
    assert any(NUMBER in str(extra) for extra in started.extra)


def test_a_renewal_in_a_council_programme_needs_the_resolution(council_case):
    _referral, stay = _placed_by_council(council_case, days_ago=2)
    new_end = stay.lease_end + datetime.timedelta(days=90)
    with pytest.raises(RenewalBasisMissing) as refused:
        services.stay_extend_lease(
            stay=stay, user=council_case.receiver_worker, lease_end=new_end, note="Spolupracuje."
        )
    assert "usnesení" in str(refused.value.message)
    assert not LeaseRenewal.objects.filter(stay=stay).exists()
    renewal = services.stay_extend_lease(
        stay=stay,
        user=council_case.receiver_worker,
        lease_end=new_end,
        resolution="RM 1402/41/3/2026",
        decided_on=TODAY,
    )
    assert renewal.resolution == "RM 1402/41/3/2026" and renewal.decided_on == TODAY


def test_the_move_in_form_requires_a_resolution_not_dated_in_the_future(client, council_case):
    referral = council_case.make(S.ACCEPTED)
    client.force_login(council_case.receiver_worker)
    url = reverse("referrals:action", args=[referral.public_id, "place"])
    data = {
        "moved_in_on": TODAY.isoformat(),
        "lease_start": TODAY.isoformat(),
        "lease_end": LEASE["lease_end"].isoformat(),
        "support_worker": council_case.receiver_worker.pk,
    }
    assert client.post(url, data).status_code == 200  # both fields are required here
    data["council_resolution_number"] = NUMBER
    data["council_resolution_date"] = (TODAY + datetime.timedelta(days=1)).isoformat()
    assert client.post(url, data).status_code == 200
    assert not Stay.objects.filter(referral=referral).exists()
    data["council_resolution_date"] = TODAY.isoformat()
    assert client.post(url, data).status_code == 302
    assert Stay.objects.get(referral=referral).council_resolution_date == TODAY


def test_the_timeline_shows_the_resolution_behind_each_renewal(client, council_case):
    """The renewal list names the resolution; so does the case's timeline (issue 15)."""
    referral, stay = _placed_by_council(council_case, days_ago=20)
    first_end = stay.lease_end + datetime.timedelta(days=90)
    decided = TODAY - datetime.timedelta(days=2)
    services.stay_extend_lease(
        stay=stay,
        user=council_case.receiver_worker,
        lease_end=first_end,
        resolution="RM 1402/41/3/2026",
        decided_on=decided,
    )
    council_case.programme.lease_needs_council_resolution = False
    council_case.programme.save()
    services.stay_extend_lease(
        stay=Stay.objects.get(pk=stay.pk),
        user=council_case.receiver_worker,
        lease_end=first_end + datetime.timedelta(days=90),
        note="Spolupracuje, dluh splacen.",
        decided_on=TODAY,
    )
    entries = timeline.timeline_for(council_case.sender, referral)
    renewed = [e for e in entries if e.key == "stay.lease_extended"]
    assert len(renewed) == 2
    day = f"{decided.day}.\xa0{decided.month}.\xa0{decided.year}"
    assert "usnesení rady č. RM 1402/41/3/2026 ze dne " + day in [str(x) for x in renewed[0].extra]
    today = f"{TODAY.day}.\xa0{TODAY.month}.\xa0{TODAY.year}"
    assert f"rozhodnuto {today}" in [str(x) for x in renewed[1].extra]
    assert not any("RM 1402" in str(x) for x in renewed[1].extra)
    client.force_login(council_case.sender)
    page = client.get(referral.get_absolute_url()).content.decode()
    start = page.index('data-event="stay.lease_extended"')
    assert "RM 1402/41/3/2026" in page[start : page.index("</li>", start)]
