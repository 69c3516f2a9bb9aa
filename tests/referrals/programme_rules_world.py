"""The seed programmes' rules on leases and visits as test data, and the steps the tests
of leases, renewals and visit schedules share (test_lease_terms.py, test_visit_schedules.py):
Přerov's training housing (3–6 months a lease, 24 months in all), Ostrava's social housing
(6-month leases renewed until the project ends; weekly visits for 3 months, then about twice
a week), Ostrava's affordable flats (weekly, then monthly), Ostrava's crisis housing (at most
6 months) and Přerov's affordable flats (monthly, monitoring ends after 6 months)."""

import datetime
import zoneinfo

from partners.models import PathwayStage, Programme, VisitPhase
from referrals import services
from referrals.models import Stay
from tests.partners.factories import ProgrammeFactory
from tests.referrals.conftest import S

D = datetime.date
OSTRAVA_PROJECT_END = D(2027, 9, 30)

SEED_PROGRAMMES = {
    "prerov_social": {
        "stage": "treninkove",
        "lease_term_min_months": 3,
        "lease_term_months": 6,
        "max_stay_months": 24,
        "visit_interval_days": 7,
        "phases": [],
    },
    "prerov_affordable": {
        "stage": "dostupne",
        "lease_term_min_months": 3,
        "lease_term_months": 6,
        "max_stay_months": 24,
        "visit_interval_days": 30,
        "phases": [(6, None)],
    },
    "ostrava_social": {
        "stage": "socialni",
        "lease_term_months": 6,
        "max_stay_months": None,
        "leases_until": OSTRAVA_PROJECT_END,
        "visit_interval_days": 7,
        "phases": [(3, 4)],
    },
    "ostrava_affordable": {
        "stage": "dostupne",
        "lease_term_months": 6,
        "max_stay_months": None,
        "leases_until": OSTRAVA_PROJECT_END,
        "visit_interval_days": 7,
        "phases": [(3, 30)],
    },
    "ostrava_crisis": {
        "stage": "krizove",
        "lease_term_months": 6,
        "max_stay_months": 6,
        "visit_interval_days": 7,
        "phases": [],
    },
}


def seed_programme(orgs, name: str) -> Programme:
    rules = dict(SEED_PROGRAMMES[name])
    phases = rules.pop("phases")
    stage = PathwayStage.objects.get(slug=rules.pop("stage"))
    programme = ProgrammeFactory(
        organisation=orgs.receiver.organisation, slug=name.replace("_", "-"), stage=stage, **rules
    )
    for months, interval in phases:
        VisitPhase.objects.create(
            programme=programme, starts_after_months=months, interval_days=interval
        )
    return programme


def place(case, programme, start, end, moved_in_on=None):
    referral = case.make(S.ACCEPTED, programme=programme)
    services.referral_place(
        referral=referral,
        user=case.receiver_worker,
        lease_start=start,
        lease_end=end,
        moved_in_on=moved_in_on,
    )
    return Stay.objects.get(referral=referral)


def renew(case, stay, end, **decision):
    decision.setdefault("resolution", "RM 1284/38/7/2026")
    return services.stay_extend_lease(
        stay=Stay.objects.get(pk=stay.pk), user=case.receiver_worker, lease_end=end, **decision
    )


PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


def run_reminders(day: datetime.date) -> dict[str, int]:
    return services.reminders_send(now=datetime.datetime.combine(day, datetime.time(7), PRAGUE))
