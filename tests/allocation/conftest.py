"""Allocation fixtures: the receiving municipality's programme with an Ostrava-like points
table, districts, a flat owned by the municipality and supported by the third
organisation (an NGO), and a factory of applicants: clients whose referrals the
municipality's case-review group accepted, put on the waiting list by the services."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import translation

from allocation import services as allocation_services
from allocation.models import District, Flat, ScoringCriterion, WaitingListEntry
from partners.models import PathwayStage
from referrals import services
from tests.referrals.conftest import (  # noqa: F401 - fixtures used by the tests
    Case,
    affordable_programme,
    grant_consent,
    make_referral,
    private_media,
    programme,
)


def en(message) -> str:
    """A lazy message in English, whatever the Czech catalogue says."""
    with translation.override("en"):
        return str(message)


CRITERIA = [
    ("Rodina s nezletilými dětmi", 10, "rodné listy dětí"),
    ("Odchod z ústavní nebo pěstounské péče", 8, "potvrzení zařízení"),
    ("Oběť domácího násilí", 10, "zpráva intervenčního centra nebo policie"),
    ("Náklady na bydlení nad 40 % příjmu", 6, "nájemní smlouva a doklady o příjmu"),
    ("Pobyt v azylovém domě déle než 6 měsíců", 5, "potvrzení azylového domu"),
]


@dataclass
class Alloc:
    orgs: object
    programme: object
    criteria: list
    districts: dict
    commission: object  # case reviewer of the programme's municipality
    officer: object  # housing officer: case reviewer of the flat's owner (the same city)
    support: object  # social worker of the NGO that supports tenants
    support_reviewer: object
    receiver_worker: object  # receiving social worker: visits and may record move-in
    counter: list = field(default_factory=lambda: [0])

    def applicant(self, *, household=1, data=None, **preferences) -> WaitingListEntry:
        """A new client with an accepted referral, on the waiting list."""
        self.counter[0] += 1
        sender = self.orgs.sender.users["social_worker"]
        members = [{"relation": "head", "first_name": "Žadatel"}]
        members += [
            {
                "relation": "child",
                "first_name": f"Dítě {i}",
                "birth_date": datetime.date(2016, 1, 1),
            }
            for i in range(household - 1)
        ]
        client = services.client_create(
            user=sender,
            organisation=self.orgs.sender.organisation,
            data={"first_name": "Žadatel", "last_name": f"Číslo{self.counter[0]}", **(data or {})},
            household=members,
        )
        case = Case(
            orgs=self.orgs,
            programme=self.programme,
            client=client,
            key_worker=sender,
            sender=sender,
            reviewer=self.commission,
            receiver_worker=self.receiver_worker,
        )
        grant_consent(case, self.orgs.receiver.organisation)
        referral = make_referral(case, "accepted")
        districts = preferences.pop("districts", None)
        entry = allocation_services.entry_create(
            referral=referral, user=self.commission, **preferences
        )
        if districts:
            entry.preferred_districts.set([self.districts[d] for d in districts])
        return entry

    def flat(self, **kwargs) -> Flat:
        values = {
            "address": "Horní 12, Ostrava",
            "district": self.districts["jih"],
            "programme": self.programme,
            "stage": self.programme.stage,
            "rooms": 2,
            "size_m2": 48,
            "max_occupants": 4,
            "rent": 5200,
            "support_provider": self.orgs.third.organisation,
            "distance_to_school_m": 400,
            "distance_to_kindergarten_m": 300,
        }
        values.update(kwargs)
        return allocation_services.flat_create(
            user=self.officer, owner=self.orgs.receiver.organisation, **values
        )

    def score(self, entry, *names) -> WaitingListEntry:
        ids = [c.pk for c in self.criteria if c.name in names]
        return allocation_services.score_decide(
            entry=entry, user=self.commission, criterion_ids=ids
        )


@pytest.fixture
def alloc(orgs, programme) -> Alloc:  # noqa: F811
    criteria = [
        ScoringCriterion.objects.create(
            programme=programme, name=name, points=points, evidence=evidence, sort_order=order
        )
        for order, (name, points, evidence) in enumerate(CRITERIA)
    ]
    districts = {
        "jih": District.objects.create(name="Ostrava-Jih", city="Ostrava"),
        "poruba": District.objects.create(name="Poruba", city="Ostrava"),
        "privoz": District.objects.create(name="Moravská Ostrava a Přívoz", city="Ostrava"),
    }
    assert programme.stage == PathwayStage.objects.get(slug="treninkove")
    return Alloc(
        orgs=orgs,
        programme=programme,
        criteria=criteria,
        districts=districts,
        commission=orgs.receiver.users["case_reviewer"],
        officer=orgs.receiver.users["case_reviewer"],
        support=orgs.third.users["social_worker"],
        support_reviewer=orgs.third.users["case_reviewer"],
        receiver_worker=orgs.receiver.users["social_worker"],
    )
