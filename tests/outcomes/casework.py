"""Casework written straight into the tables, for the indicator tests: a plain description
of each case (`CaseSpec`) becomes a client with a household, a referral, maybe a stay and
a flat let through an accepted offer. `generate` draws many such cases at random (seeded),
and the tests work the indicators out from the descriptions independently."""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from allocation.models import District, Flat, Offer, WaitingListEntry
from partners.models import PathwayStage
from referrals import workflow
from referrals.models import Client, HouseholdMember, HousingSituation, Referral, Stay

S = workflow.Status
D = datetime.date


@dataclass
class CaseSpec:
    client: str  # cases with the same name are one client (a transfer)
    programme: str  # key of the programmes dict
    status: str = S.PLACED
    decided: D | None = None
    moved_in: D | None = None  # a stay when set
    stay_ended: D | None = None
    case_ended: D | None = None  # the referral's end (without a stay)
    born: D | None = None
    members: list = field(default_factory=list)  # (relation, born or None)
    at_risk: bool = False
    flat: str | None = None  # the stay let this flat (an accepted offer)


def at(day: D) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


class Builder:
    def __init__(self, programmes: dict, organisation):
        self.programmes = programmes
        self.organisation = organisation
        self.clients: dict[str, Client] = {}
        self.flats: dict[str, Flat] = {}
        self.count = 0
        self.district = District.objects.get_or_create(name="Střed")[0]

    def _client(self, spec: CaseSpec) -> Client:
        if spec.client in self.clients:
            return self.clients[spec.client]
        client = Client.objects.create(
            reference=f"K-I-{len(self.clients) + 1:04d}",
            responsible_organisation=self.organisation,
            birth_date=spec.born,
            housing_situation=(
                HousingSituation.FLAT_AT_RISK if spec.at_risk else HousingSituation.SHELTER
            ),
        )
        HouseholdMember.objects.bulk_create(
            HouseholdMember(client=client, relation=relation, birth_date=born)
            for relation, born in spec.members
        )
        self.clients[spec.client] = client
        return client

    def _flat(self, name: str, programme) -> Flat:
        if name not in self.flats:
            self.flats[name] = Flat.objects.create(
                address=f"Byt {name}",
                district=self.district,
                programme=programme,
                stage=programme.stage or PathwayStage.objects.get(slug="socialni"),
                rooms=2,
                size_m2=Decimal("48.0"),
                max_occupants=4,
                rent=Decimal("4200"),
                owner=self.organisation,
                support_provider=self.organisation,
            )
        return self.flats[name]

    def add(self, spec: CaseSpec) -> Referral:
        self.count += 1
        programme = self.programmes[spec.programme]
        referral = Referral.objects.create(
            reference=f"R-I-{self.count:04d}",
            client=self._client(spec),
            sender_organisation=self.organisation,
            programme=programme,
            status=spec.status,
            submitted_at=at(spec.decided or D(2024, 1, 1)) - datetime.timedelta(days=10),
            decided_at=at(spec.decided) if spec.decided else None,
            ended_at=at(spec.case_ended) if spec.case_ended else None,
        )
        if spec.moved_in:
            stay = Stay.objects.create(
                referral=referral,
                programme=programme,
                stage=programme.stage,
                moved_in_on=spec.moved_in,
                lease_start=spec.moved_in,
                lease_end=spec.moved_in + datetime.timedelta(days=365),
                ended_on=spec.stay_ended,
            )
            if spec.flat:
                entry = WaitingListEntry.objects.create(
                    referral=referral, programme=programme, waiting_since=at(spec.decided)
                )
                Offer.objects.create(
                    flat=self._flat(spec.flat, programme),
                    entry=entry,
                    support_provider=self.organisation,
                    status=Offer.Status.ACCEPTED,
                    lease_start=spec.moved_in,
                    lease_end=spec.moved_in + datetime.timedelta(days=365),
                    moved_in_on=spec.moved_in,
                    stay=stay,
                )
        return referral


def _day(rng: random.Random, start: D, end: D) -> D:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def generate(seed: int, programme_keys: list[str], n: int = 40) -> list[CaseSpec]:
    """`n` cases at random, decided from March 2024 to December 2025: households of one
    to five people (some without dates of birth), accepted, declined and pending referrals,
    stays that ended or go on, transfers (a second referral of an earlier client) and flats
    let more than once."""
    rng = random.Random(seed)
    specs: list[CaseSpec] = []
    for i in range(n):
        earlier = [s for s in specs if s.moved_in]
        transfer = earlier and rng.random() < 0.15
        status = rng.choice([S.PLACED, S.PLACED, S.CLOSED, S.ACCEPTED, S.DECLINED, S.SUBMITTED])
        decided = None if status == S.SUBMITTED else _day(rng, D(2024, 3, 1), D(2025, 12, 1))
        spec = CaseSpec(
            client=rng.choice(earlier).client if transfer else f"c{i}",
            programme=rng.choice(programme_keys),
            status=status,
            decided=decided,
            born=rng.choice([None, _day(rng, D(1950, 1, 1), D(2005, 1, 1))]),
            members=[
                (
                    rng.choice(["partner", "child", "child", "other"]),
                    rng.choice([None, _day(rng, D(1960, 1, 1), D(2024, 1, 1))]),
                )
                for _ in range(rng.randrange(4))
            ]
            + ([("head", None)] if rng.random() < 0.5 else []),
            at_risk=rng.random() < 0.3,
        )
        if status in (S.PLACED, S.CLOSED) and rng.random() < 0.8:
            spec.moved_in = decided + datetime.timedelta(days=rng.randrange(60))
            if status == S.CLOSED or rng.random() < 0.3:
                spec.stay_ended = spec.moved_in + datetime.timedelta(days=rng.randrange(30, 700))
            if rng.random() < 0.6:
                spec.flat = f"f{rng.randrange(20)}"
        elif status == S.CLOSED:
            spec.case_ended = decided + datetime.timedelta(days=rng.randrange(10, 300))
        specs.append(spec)
    return specs
