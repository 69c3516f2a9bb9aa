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

The database does the counting: a household's entry and first move-in are correlated
subqueries per client, ages are compared as yyyymmdd numbers, and each figure is a
filtered COUNT. A report reads a few rows of totals, whatever the size of the casework.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Expression
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, Greatest, TruncDate
from django.utils import timezone

from allocation.models import Flat, Offer
from cms.models import IndicatorSource, ProjectIndicator, ProjectPage
from partners.models import Programme
from referrals import workflow
from referrals.models import Client, HouseholdMember, HousingSituation, Referral

from .indicator_models import IndicatorValue

SUPPORTED_STATUSES = (workflow.Status.ACCEPTED, workflow.Status.PLACED, workflow.Status.CLOSED)
ADULT_FROM_AGE = 15
# yyyymmdd(day) - yyyymmdd(born) >= age * 10000 exactly when the person is `age` years old
# on `day` (the month and day part never reaches 10000): a birthday test without
# date arithmetic, the same on PostgreSQL and SQLite.
ADULT_DIFFERENCE = ADULT_FROM_AGE * 10_000


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


def _day_number(day: Expression | str) -> Expression:
    field = F(day) if isinstance(day, str) else day
    return ExtractYear(field) * 10_000 + ExtractMonth(field) * 100 + ExtractDay(field)


def _supported(scope: Scope) -> QuerySet:
    """Supported referrals of the scope whose support had not ended before the project:
    support began on move-in (or on acceptance without a stay) and ended with the stay
    (or the case without one)."""
    local = timezone.get_current_timezone()
    has_stay = Q(stay__isnull=False)
    return (
        Referral.objects.filter(
            programme_id__in=scope.programme_ids,
            status__in=SUPPORTED_STATUSES,
            decided_at__isnull=False,
        )
        .annotate(
            began=Case(
                When(has_stay, then=F("stay__moved_in_on")),
                default=TruncDate("decided_at", tzinfo=local),
                output_field=DateField(),
            ),
            ended=Case(
                When(has_stay, then=F("stay__ended_on")),
                default=TruncDate("ended_at", tzinfo=local),
                output_field=DateField(),
            ),
        )
        .filter(Q(ended__isnull=True) | Q(ended__gte=scope.start))
        .order_by()
    )


def _entry(scope: Scope, client: OuterRef) -> Subquery:
    """The day the client's household first entered the project."""
    return Subquery(
        _supported(scope)
        .filter(client=client)
        .values("client")
        .annotate(day=Min(Greatest("began", Value(scope.start), output_field=DateField())))
        .values("day"),
        output_field=DateField(),
    )


def _first_move_in(scope: Scope) -> Subquery:
    """The household's first move-in into a programme of the project after its start."""
    return Subquery(
        _supported(scope)
        .filter(client=OuterRef("pk"))
        .values("client")
        .annotate(day=Min("stay__moved_in_on", filter=Q(stay__moved_in_on__gte=scope.start)))
        .values("day"),
        output_field=DateField(),
    )


def _periods(field: str, scope: Scope, start, end) -> tuple[Q, Q]:
    return Q(**{f"{field}__range": (start, end)}), Q(**{f"{field}__range": (scope.start, end)})


def _household_totals(scope: Scope, start, end) -> dict[str, tuple[int, int]]:
    """Per source (in the period, cumulative): the households, their clients aged 15 or
    over, the households housed and the prevention clients, counted by the database."""
    head_born = HouseholdMember.objects.filter(
        client=OuterRef("pk"), relation=HouseholdMember.Relation.HEAD
    ).values("birth_date")[:1]
    clients = (
        Client.objects.filter(pk__in=_supported(scope).values("client_id"))
        .annotate(
            entry=_entry(scope, OuterRef("pk")),
            first_move_in=_first_move_in(scope),
            born=Case(
                When(birth_date__isnull=False, then=F("birth_date")),
                default=Subquery(head_born, output_field=DateField()),
                output_field=DateField(),
            ),
        )
        .annotate(age_key=_day_number("entry") - _day_number("born"))
    )
    entered, entered_so_far = _periods("entry", scope, start, end)
    housed, housed_so_far = _periods("first_move_in", scope, start, end)
    # The client holds the case and the lease: of age unless a recorded birth says not.
    adult = Q(born__isnull=True) | Q(age_key__gte=ADULT_DIFFERENCE)
    at_risk = Q(housing_situation=HousingSituation.FLAT_AT_RISK)
    counts = clients.aggregate(
        households=Count("pk", filter=entered),
        households_so_far=Count("pk", filter=entered_so_far),
        adults=Count("pk", filter=entered & adult),
        adults_so_far=Count("pk", filter=entered_so_far & adult),
        housed=Count("pk", filter=housed),
        housed_so_far=Count("pk", filter=housed_so_far),
        prevention=Count("pk", filter=entered & at_risk),
        prevention_so_far=Count("pk", filter=entered_so_far & at_risk),
    )
    return {
        name: (counts[name], counts[f"{name}_so_far"])
        for name in ("households", "adults", "housed", "prevention")
    }


def _member_totals(scope: Scope, start, end) -> dict[str, tuple[int, int]]:
    """The recorded household members other than the head (the client), and of them the
    ones aged 15 or over when their household entered the project."""
    members = (
        HouseholdMember.objects.filter(client_id__in=_supported(scope).values("client_id"))
        .exclude(relation=HouseholdMember.Relation.HEAD)
        .annotate(entry=_entry(scope, OuterRef("client_id")))
        .annotate(age_key=_day_number("entry") - _day_number("birth_date"))
    )
    entered, entered_so_far = _periods("entry", scope, start, end)
    adult = Q(birth_date__isnull=False, age_key__gte=ADULT_DIFFERENCE) | (
        Q(birth_date__isnull=True) & ~Q(relation=HouseholdMember.Relation.CHILD)
    )
    counts = members.aggregate(
        persons=Count("pk", filter=entered),
        persons_so_far=Count("pk", filter=entered_so_far),
        adults=Count("pk", filter=entered & adult),
        adults_so_far=Count("pk", filter=entered_so_far & adult),
    )
    return {name: (counts[name], counts[f"{name}_so_far"]) for name in ("persons", "adults")}


def _flat_totals(scope: Scope, start, end) -> tuple[int, int]:
    """Flats of the project's programmes let for the first time (the move-in of their
    first accepted offer) in the period and since the project's start."""
    first_let = (
        Offer.objects.filter(flat=OuterRef("pk"), status=Offer.Status.ACCEPTED, stay__isnull=False)
        .order_by()
        .values("flat")
        .annotate(day=Min("stay__moved_in_on"))
        .values("day")
    )
    let, let_so_far = _periods("first_let", scope, start, end)
    counts = (
        Flat.objects.filter(programme_id__in=scope.programme_ids)
        .annotate(first_let=Subquery(first_let, output_field=DateField()))
        .aggregate(flats=Count("pk", filter=let), so_far=Count("pk", filter=let_so_far))
    )
    return counts["flats"], counts["so_far"]


def _computed(scope: Scope, sources: set[str], start, end) -> dict[str, tuple[int, int]]:
    """(in the period, cumulative) per computed source, each query run only if needed."""
    result: dict[str, tuple[int, int]] = {}
    people = {IndicatorSource.PERSONS_SUPPORTED, IndicatorSource.PERSONS_OVER_15}
    households = people | {IndicatorSource.HOUSEHOLDS_HOUSED, IndicatorSource.PREVENTION_CLIENTS}
    if sources & households:
        clients = _household_totals(scope, start, end)
        result[IndicatorSource.HOUSEHOLDS_HOUSED] = clients["housed"]
        result[IndicatorSource.PREVENTION_CLIENTS] = clients["prevention"]
        if sources & people:
            members = _member_totals(scope, start, end)
            result[IndicatorSource.PERSONS_SUPPORTED] = tuple(
                a + b for a, b in zip(clients["households"], members["persons"], strict=True)
            )
            result[IndicatorSource.PERSONS_OVER_15] = tuple(
                a + b for a, b in zip(clients["adults"], members["adults"], strict=True)
            )
    if IndicatorSource.FLATS_OBTAINED in sources:
        result[IndicatorSource.FLATS_OBTAINED] = _flat_totals(scope, start, end)
    return result


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
    indicator pk. A fixed number of aggregate queries, however many indicators ask and
    however large the casework."""
    scope = project_scope(project)
    computed = _computed(scope, {i.source for i in indicators if i.is_computed}, start, end)
    manual = [i.pk for i in indicators if not i.is_computed]
    totals = {}
    if manual:
        totals = IndicatorValue.objects.filter(indicator_id__in=manual).aggregate(
            **{
                f"{key}_{pk}": Sum("value", filter=Q(indicator_id=pk) & period)
                for pk in manual
                for key, period in (
                    ("in_period", Q(period_end__range=(start, end))),
                    ("cumulative", Q(period_end__range=(scope.start, end))),
                )
            }
        )
    result = {}
    for indicator in indicators:
        if indicator.is_computed:
            in_period, cumulative = computed[indicator.source]
        else:
            in_period = totals[f"in_period_{indicator.pk}"] or 0
            cumulative = totals[f"cumulative_{indicator.pk}"] or 0
        result[indicator.pk] = Achieved(
            in_period=Decimal(in_period), cumulative=Decimal(cumulative)
        )
    return result
