"""Visit schedules that change over the stay (programme_rules_world.py): the overdue-visit
reminder and the referral page follow the phase in force on each day."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.rules import VisitSchedule
from referrals import services
from referrals.models import Notification
from tests.referrals.programme_rules_world import D, place, run_reminders, seed_programme

pytestmark = pytest.mark.django_db

# --- Visit schedules that change over the stay ------------------------------------------


def visits_sent_on(day: datetime.date) -> int:
    return run_reminders(day)["visits"]


def test_ostrava_weekly_visits_before_the_switch(case, orgs):
    programme = seed_programme(orgs, "ostrava_social")
    stay = place(case, programme, D(2026, 3, 1), D(2026, 8, 31))
    services.visit_record(stay=stay, user=case.receiver_worker, visited_on=D(2026, 3, 10))
    assert visits_sent_on(D(2026, 3, 17)) == 0  # 7 days: still on time
    assert visits_sent_on(D(2026, 3, 18)) == 1
    assert visits_sent_on(D(2026, 3, 19)) == 0  # once for that due date


def test_ostrava_social_flat_visits_twice_a_week_after_three_months(case, orgs):
    programme = seed_programme(orgs, "ostrava_social")
    stay = place(case, programme, D(2026, 3, 1), D(2026, 8, 31))
    services.visit_record(stay=stay, user=case.receiver_worker, visited_on=D(2026, 5, 30))
    # Weekly would make it late on 7 June; from 1 June the phase asks every 4 days.
    assert visits_sent_on(D(2026, 6, 3)) == 0
    assert visits_sent_on(D(2026, 6, 4)) == 1
    notification = Notification.objects.get(kind=Notification.Kind.VISIT_OVERDUE)
    assert notification.recipient == case.receiver_worker
    assert notification.dedup_key == f"visit:{stay.pk}:2026-06-03"


def test_ostrava_affordable_flat_visits_monthly_after_three_months(case, orgs):
    programme = seed_programme(orgs, "ostrava_affordable")
    stay = place(case, programme, D(2026, 3, 1), D(2026, 8, 31))
    services.visit_record(stay=stay, user=case.receiver_worker, visited_on=D(2026, 5, 30))
    assert visits_sent_on(D(2026, 6, 7)) == 0  # the weekly rule no longer holds
    assert visits_sent_on(D(2026, 6, 29)) == 0
    assert visits_sent_on(D(2026, 6, 30)) == 1


def test_prerov_affordable_monitoring_ends_after_six_months(case, orgs):
    programme = seed_programme(orgs, "prerov_affordable")
    stay = place(case, programme, D(2026, 1, 1), D(2026, 6, 30))
    services.visit_record(stay=stay, user=case.receiver_worker, visited_on=D(2026, 3, 1))
    assert visits_sent_on(D(2026, 3, 31)) == 0
    assert visits_sent_on(D(2026, 4, 1)) == 1  # monthly while monitored
    services.visit_record(stay=stay, user=case.receiver_worker, visited_on=D(2026, 6, 20))
    assert visits_sent_on(D(2026, 8, 15)) == 0  # monitoring over: no visit is late


def test_the_referral_page_shows_the_schedule_and_the_next_visit(client, case, orgs):
    programme = seed_programme(orgs, "ostrava_social")
    stay = place(case, programme, D(2026, 3, 1), D(2026, 8, 31))
    services.visit_record(stay=stay, user=case.receiver_worker, visited_on=D(2026, 5, 30))
    client.force_login(case.receiver_worker)
    page = client.get(stay.referral.get_absolute_url()).content.decode()
    assert "od 1.\xa03.\xa02026 nejméně každých 7 dní" in page
    assert "od 1.\xa06.\xa02026 nejméně každých 4 dní" in page
    assert "Příští návštěva nejpozději 3.\xa06.\xa02026." in page


def _interval_on(phases, day):
    interval = None
    for start, days in phases:
        if start <= day:
            interval = days
    return interval


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.one_of(st.none(), st.integers(1, 40)),
    later=st.lists(
        st.tuples(st.integers(1, 30), st.one_of(st.none(), st.integers(1, 40))),
        max_size=3,
        unique_by=lambda item: item[0],
    ),
    last_offset=st.integers(0, 400),
)
def test_overdue_from_is_the_first_day_the_phase_in_force_is_exceeded(first, later, last_offset):
    moved_in = D(2026, 1, 31)
    from core.dates import add_months

    phases = sorted(
        [(moved_in, first)] + [(add_months(moved_in, m), days) for m, days in later],
        key=lambda item: item[0],
    )
    schedule = VisitSchedule(tuple(phases))
    last = moved_in + datetime.timedelta(days=last_offset)
    expected = None
    for step in range(1, 1500):
        day = last + datetime.timedelta(days=step)
        days = _interval_on(phases, day)
        if days is not None and step > days:
            expected = day
            break
    assert schedule.overdue_from(last) == expected
