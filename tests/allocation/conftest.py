"""Allocation fixtures: the receiving municipality's programme with an Ostrava-like points
table, districts, a flat owned by the municipality and supported by the third
organisation (an NGO), and a factory of applicants: clients whose referrals the
municipality's case-review group accepted, put on the waiting list by the services
(tests/allocation/factories.py)."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import translation

from allocation import services as allocation_services
from allocation.models import Flat, Offer, WaitingListEntry
from partners.models import ConditionKind, PathwayStage
from referrals.models import Client
from tests.allocation.factories import (
    DistrictFactory,
    FlatFactory,
    OfferFactory,
    ScoringCriterionFactory,
    WaitingListEntryFactory,
)
from tests.partners.factories import IntakeCriterionFactory
from tests.referrals.conftest import (  # noqa: F401 - fixtures used by the tests
    affordable_programme,
    private_media,
    programme,
)
from tests.referrals.factories import ClientFactory, ReferralFactory, S


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

    def applicant(self, *, household=1, data=None, **preferences) -> WaitingListEntry:
        """A new client with an accepted referral, on the waiting list."""
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
        client = ClientFactory(
            responsible_organisation=self.orgs.sender.organisation,
            recorded_by=sender,
            household=members,
            first_name="Žadatel",
        )
        referral = ReferralFactory(
            client=client, programme=self.programme, sender=sender, status=S.ACCEPTED
        )
        # The record changes after the acceptance (a new debt, say): matching reads it now.
        Client.objects.filter(pk=client.pk).update(**(data or {}))
        districts = preferences.pop("districts", None)
        if districts:
            preferences["preferred_districts"] = [self.districts[d] for d in districts]
        return WaitingListEntryFactory(referral=referral, commission=self.commission, **preferences)

    def flat(self, **kwargs) -> Flat:
        values = {
            "address": "Horní 12, Ostrava",
            "district": self.districts["jih"],
            "programme": self.programme,
            "support_provider": self.orgs.third.organisation,
        }
        values.update(kwargs)
        return FlatFactory(officer=self.officer, **values)

    def offer(self, flat=None, entry=None, **kwargs) -> Offer:
        """The housing officer offers a flat (a new one by default) to an applicant (a new
        one by default), with the receiving social worker to visit."""
        values = {"support_worker": self.receiver_worker, **kwargs}
        return OfferFactory(
            flat=flat or self.flat(),
            entry=entry or self.applicant(),
            officer=self.officer,
            **values,
        )

    def score(self, entry, *names) -> WaitingListEntry:
        ids = [c.pk for c in self.criteria if c.name in names]
        return allocation_services.score_decide(
            entry=entry, user=self.commission, criterion_ids=ids
        )


@pytest.fixture
def alloc(orgs, programme) -> Alloc:  # noqa: F811
    criteria = [
        ScoringCriterionFactory(
            programme=programme, name=name, points=points, evidence=evidence, sort_order=order
        )
        for order, (name, points, evidence) in enumerate(CRITERIA)
    ]
    districts = {
        "jih": DistrictFactory(name="Ostrava-Jih", city="Ostrava"),
        "poruba": DistrictFactory(name="Poruba", city="Ostrava"),
        "privoz": DistrictFactory(name="Moravská Ostrava a Přívoz", city="Ostrava"),
    }
    assert programme.stage == PathwayStage.objects.get(slug="treninkove")
    # Ostrava checks suitable applicants for debts: two conditions the record answers.
    IntakeCriterionFactory(programme=programme, kind=ConditionKind.NO_ENERGY_DEBT, text="")
    IntakeCriterionFactory(programme=programme, kind=ConditionKind.CITY_DEBT_SCHEDULED, text="")
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
