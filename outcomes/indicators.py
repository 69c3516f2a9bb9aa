"""Achieved values of a project's indicators (cms.ProjectIndicator), for a period and
cumulatively from the project's start.

The casework in scope is the referrals and stays of the project's programmes (the page's
`programmes`; when none are chosen, every programme of its lead and partner
organisations). A case is *supported* when its referral was accepted (accepted, placed,
or closed after acceptance). Its support began on move-in when there is a stay, else on
the day of acceptance, and ended when the stay or the case ended. Support that ended
before the project started does not count; support that began earlier and went on counts
from the project's start. Every computed indicator counts a household or person once, in
the period where it first entered the project, so the values of consecutive periods add
up to the cumulative value.

- *persons supported*: the people of each supported household: the client and every
  recorded household member other than the head (who is the client), counted when the
  household's support in the project first began;
- *persons supported aged 15 or over*: of those, the ones aged 15 or over on that day; a
  person without a recorded date of birth counts as over 15 unless recorded as a child
  (the client holds the case and the lease, so is of age);
- *households housed*: households whose first move-in into a programme of the project
  (a stay) fell in the period;
- *flats obtained*: flats of the allocation register (allocation.Flat) of the project's
  programmes that were let for the first time in the period (the move-in of their first
  accepted offer);
- *clients in housing-loss prevention*: supported households whose recorded housing
  situation is a flat at risk of loss, counted when their support first began.

Anonymisation removes household members and dates of birth (referrals' retention), so the
person counts of cases anonymised years later fall to one adult per household; reports are
made long before.

Manual indicators sum the values entered for periods that end within the report period;
the cumulative value sums every period that ends by the report period's end.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min, Sum
from django.utils import timezone

from allocation.models import Offer
from cms.models import IndicatorSource, ProjectIndicator, ProjectPage
from partners.models import Programme
from referrals import workflow
from referrals.models import HouseholdMember, HousingSituation, Referral

from .indicator_models import IndicatorValue

SUPPORTED_STATUSES = (workflow.Status.ACCEPTED, workflow.Status.PLACED, workflow.Status.CLOSED)
ADULT_FROM_AGE = 15


@dataclass(frozen=True)
class Scope:
    programme_ids: frozenset[int]
    start: datetime.date


def project_scope(project: ProjectPage) -> Scope:
    chosen = {programme.pk for programme in project.programmes.all()}
    if not chosen:
        organisation_ids = {o.pk for o in project.partner_organisations.all()}
        if project.lead_organisation_id:
            organisation_ids.add(project.lead_organisation_id)
        chosen = set(
            Programme.objects.filter(organisation_id__in=organisation_ids).values_list(
                "pk", flat=True
            )
        )
    return Scope(programme_ids=frozenset(chosen), start=project.period_start)


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass
class _Household:
    """One client's household and the day it first entered the project."""

    entry: datetime.date
    first_move_in: datetime.date | None
    client: object
    members: list = field(default_factory=list)

    def people(self) -> list[tuple[datetime.date | None, bool]]:
        """(date of birth, recorded as a child) of each person of the household."""
        head = next((m for m in self.members if m.relation == HouseholdMember.Relation.HEAD), None)
        client_born = self.client.birth_date or (head.birth_date if head else None)
        people = [(client_born, False)]
        people += [
            (m.birth_date, m.relation == HouseholdMember.Relation.CHILD)
            for m in self.members
            if m.relation != HouseholdMember.Relation.HEAD
        ]
        return people

    def adults(self) -> int:
        return sum(
            1
            for born, child in self.people()
            if (_age_on(born, self.entry) >= ADULT_FROM_AGE if born else not child)
        )


def _households(scope: Scope) -> dict[int, _Household]:
    referrals = (
        Referral.objects.filter(
            programme_id__in=scope.programme_ids,
            status__in=SUPPORTED_STATUSES,
            decided_at__isnull=False,
        )
        .select_related("stay", "client")
        .prefetch_related("client__household_members")
        .order_by("pk")
    )
    households: dict[int, _Household] = {}
    for referral in referrals:
        stay = getattr(referral, "stay", None)
        began = stay.moved_in_on if stay else timezone.localdate(referral.decided_at)
        if stay:
            ended = stay.ended_on
        else:
            ended = timezone.localdate(referral.ended_at) if referral.ended_at else None
        if ended is not None and ended < scope.start:
            continue
        entry = max(began, scope.start)
        move_in = stay.moved_in_on if stay and stay.moved_in_on >= scope.start else None
        known = households.get(referral.client_id)
        if known is None:
            households[referral.client_id] = _Household(
                entry=entry,
                first_move_in=move_in,
                client=referral.client,
                members=list(referral.client.household_members.all()),
            )
            continue
        known.entry = min(known.entry, entry)
        if move_in and (known.first_move_in is None or move_in < known.first_move_in):
            known.first_move_in = move_in
    return households


def _flats_first_let(scope: Scope) -> list[datetime.date]:
    first_lets = (
        Offer.objects.filter(
            flat__programme_id__in=scope.programme_ids,
            status=Offer.Status.ACCEPTED,
            stay__isnull=False,
        )
        .values("flat_id")
        .annotate(first=Min("stay__moved_in_on"))
    )
    return [row["first"] for row in first_lets if row["first"] >= scope.start]


# Each computed source: (households, flat dates) → [(day, how many)] to sum per period.
Counter = Callable[[dict[int, _Household], list[datetime.date]], list[tuple[datetime.date, int]]]
COUNTERS: dict[str, Counter] = {
    IndicatorSource.PERSONS_SUPPORTED: lambda hh, _flats: [
        (h.entry, len(h.people())) for h in hh.values()
    ],
    IndicatorSource.PERSONS_OVER_15: lambda hh, _flats: [
        (h.entry, h.adults()) for h in hh.values()
    ],
    IndicatorSource.HOUSEHOLDS_HOUSED: lambda hh, _flats: [
        (h.first_move_in, 1) for h in hh.values() if h.first_move_in
    ],
    IndicatorSource.FLATS_OBTAINED: lambda _hh, flats: [(day, 1) for day in flats],
    IndicatorSource.PREVENTION_CLIENTS: lambda hh, _flats: [
        (h.entry, 1)
        for h in hh.values()
        if h.client.housing_situation == HousingSituation.FLAT_AT_RISK
    ],
}


@dataclass(frozen=True)
class Achieved:
    in_period: Decimal
    cumulative: Decimal


def achieved_values(
    project: ProjectPage,
    indicators: list[ProjectIndicator],
    *,
    start: datetime.date,
    end: datetime.date,
) -> dict[int, Achieved]:
    """Achieved value in [start, end] and from the project's start to `end`, per
    indicator pk. The casework is read once, however many indicators ask for it."""
    scope = project_scope(project)
    sources = {indicator.source for indicator in indicators}
    households = _households(scope) if sources - {IndicatorSource.MANUAL} else {}
    flats = _flats_first_let(scope) if IndicatorSource.FLATS_OBTAINED in sources else []
    manual = [i.pk for i in indicators if not i.is_computed]
    periods = (
        IndicatorValue.objects.filter(indicator_id__in=manual, period_end__lte=end)
        .values("indicator_id", "period_end")
        .annotate(total=Sum("value"))
    )
    manual_counts: dict[int, list[tuple[datetime.date, Decimal]]] = {}
    for row in periods:
        manual_counts.setdefault(row["indicator_id"], []).append((row["period_end"], row["total"]))
    result = {}
    for indicator in indicators:
        if indicator.is_computed:
            counts = COUNTERS[indicator.source](households, flats)
        else:
            counts = manual_counts.get(indicator.pk, [])
        result[indicator.pk] = Achieved(
            in_period=Decimal(sum((n for d, n in counts if start <= d <= end), Decimal(0))),
            cumulative=Decimal(sum((n for d, n in counts if scope.start <= d <= end), Decimal(0))),
        )
    return result
