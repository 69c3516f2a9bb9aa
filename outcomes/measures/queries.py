"""How the outcome figures are counted: a few grouped aggregate queries a table, so the
cost does not grow with the number of programmes (only the rows do)."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Approach, PathwayStage, Programme
from referrals import workflow
from referrals.models import Outcome, PlanGoal, Referral, Stay

from ..expressions import (
    AddMonths,
    DaysBetween,
    Median,
    python_median,
    supports_median,
    without_jit,
)
from .catalogue import (
    RETENTION_MONTHS,
    STANDARD_TENANCY_STAGE,
    TENANCY_STAGES,
    GroupBy,
    OutcomeRow,
    OutcomeTable,
    Unit,
    derive,
)

# A stay is a tenancy on those stages, and in a programme whose stays are leases of the
# household's own (Přerov's training housing, Kadaň's entry flats).
TENANCY = Q(stage__slug__in=TENANCY_STAGES) | Q(programme__stays_are_tenancies=True)


def _counter(unit: str):
    """Stays counted as households (one a stay) or persons (the household's size at
    move-in, kept on the stay)."""
    if unit == Unit.PERSONS:
        return lambda filter=None: Coalesce(Sum("persons", filter=filter), 0)
    return lambda filter=None: Count("pk", filter=filter)


# The path from each counted row to the grouping key.
_KEY_PATHS = {
    GroupBy.PROGRAMME: {"referral": "programme_id", "stay": "programme_id"},
    GroupBy.STAGE: {"referral": "programme__stage_id", "stay": "stage_id"},
    GroupBy.APPROACH: {"referral": "programme__approach", "stay": "programme__approach"},
}


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _grouped(qs: QuerySet, key_path: str, aggregates: dict) -> tuple[dict, dict]:
    """Per-key values from one grouped query, and the total: sums of the per-key counts,
    plus one aggregate query for the medians (a median of medians is no median)."""
    grouped = {row.pop("key"): row for row in qs.values(key=F(key_path)).annotate(**aggregates)}
    medians = {name: agg for name, agg in aggregates.items() if isinstance(agg, Median)}
    total = {
        name: sum(row[name] for row in grouped.values() if row[name] is not None)
        if any(row[name] is not None for row in grouped.values())
        else (None if isinstance(aggregates[name], Sum) else 0)
        for name in aggregates
        if name not in medians
    }
    if medians:
        total.update(qs.aggregate(**medians) if grouped else dict.fromkeys(medians))
    return grouped, total


def _median_fallback(
    qs: QuerySet, key_path: str, start: str, end: str, *, into: tuple[dict, dict], name: str
) -> None:
    """SQLite has no median aggregate: take the durations and the median in Python, and put
    it under `name` into the grouped values and the total (`into`, as `_grouped` returns)."""
    by_key: dict = {}
    for key, days in qs.annotate(days=DaysBetween(F(start), F(end))).values_list(key_path, "days"):
        by_key.setdefault(key, []).append(days)
    grouped, total = into
    for key, values in by_key.items():
        grouped[key][name] = python_median(values)
    total[name] = python_median([d for values in by_key.values() for d in values])


@dataclass(frozen=True)
class Scope:
    """What the figures count: the programmes (all, or some), the town of the programme's
    organisation, the clients' target group, and households or persons."""

    programmes: object = None
    town: str = ""
    target_group: object = None
    unit: str = Unit.HOUSEHOLDS

    def _narrow(self, qs: QuerySet, programme: str, client: str) -> QuerySet:
        if self.programmes is not None:
            qs = qs.filter(**{f"{programme}__in": self.programmes})
        if self.town:
            qs = qs.filter(**{f"{programme}__organisation__municipality": self.town})
        if self.target_group is not None:
            qs = qs.filter(**{f"{client}__target_groups": self.target_group})
        return qs

    def referrals(self) -> QuerySet:
        return self._narrow(Referral.objects.all(), "programme", "client")

    def stays(self) -> QuerySet:
        return self._narrow(Stay.objects.all(), "programme", "referral__client")


def _referral_figures(group_by, start, end, scope):
    key = _KEY_PATHS[group_by]["referral"]
    base = scope.referrals()
    received, received_total = _grouped(
        base.filter(submitted_at__gte=_day_start(start), submitted_at__lt=_day_start(end)),
        key,
        {"received": Count("pk")},
    )
    decided_qs = base.filter(
        decided_at__gte=_day_start(start),
        decided_at__lt=_day_start(end),
        submitted_at__isnull=False,
    )
    aggregates = {
        "decided": Count("pk"),
        "declined": Count("pk", filter=Q(status=workflow.Status.DECLINED)),
    }
    if supports_median():
        aggregates["median_days_to_decision"] = Median(
            DaysBetween(F("submitted_at"), F("decided_at"), timestamps=True)
        )
    decided, decided_total = _grouped(decided_qs, key, aggregates)
    if not supports_median():
        _median_fallback(
            decided_qs,
            key,
            "submitted_at",
            "decided_at",
            into=(decided, decided_total),
            name="median_days_to_decision",
        )
    for values in [*decided.values(), decided_total]:
        values["accepted"] = values["decided"] - values["declined"]
    return [received, decided], [received_total, decided_total]


def _placement_figures(group_by, start, end, scope, today):
    key = _KEY_PATHS[group_by]["stay"]
    count = _counter(scope.unit)
    previous_level = F("referral__previous__programme__stage__level")
    has_previous = Q(referral__previous__isnull=False)
    repayment_goal = PlanGoal.objects.filter(
        stay=OuterRef("pk"), topic=PlanGoal.Topic.DEBT_REPAYMENT
    )
    repaid = repayment_goal.filter(status=PlanGoal.Status.ACHIEVED)
    tenancy = TENANCY
    moved_on_to_tenancy = Exists(
        Stay.objects.filter(TENANCY, referral__previous=OuterRef("referral"))
    )
    aggregates = {
        "placed": count(),
        "moved_up": count(has_previous & Q(stage__level__gt=previous_level)),
        "moved_down": count(has_previous & Q(stage__level__lt=previous_level)),
        "moved_level": count(has_previous & Q(stage__level=previous_level)),
        "repayment_stays": count(Q(Exists(repayment_goal))),
        "repayment_achieved": count(Q(Exists(repaid))),
        "debt_repaid_czk": Sum("referral__client__debt_to_city", filter=Q(Exists(repaid))),
    }
    for months in RETENTION_MONTHS:
        cohort = tenancy & Q(moved_in_on__lte=today - relativedelta(months=months))
        kept = (
            Q(ended_on__isnull=True)
            | Q(ended_on__gte=AddMonths(F("moved_in_on"), months))
            | Q(referral__outcome=Outcome.SUCCESSFUL_EXIT)
            | (Q(referral__outcome=Outcome.MOVED_ON) & Q(moved_on_to_tenancy))
        )
        aggregates[f"cohort_{months}"] = count(cohort)
        aggregates[f"kept_{months}"] = count(cohort & kept)
    qs = scope.stays().filter(moved_in_on__gte=start, moved_in_on__lte=end)
    return _grouped(qs, key, aggregates)


def _exit_figures(group_by, start, end, scope):
    key = _KEY_PATHS[group_by]["stay"]
    count = _counter(scope.unit)
    next_standard = Exists(
        Stay.objects.filter(
            referral__previous=OuterRef("referral"), stage__slug=STANDARD_TENANCY_STAGE
        )
    )
    length = DaysBetween(F("moved_in_on"), F("ended_on"))
    aggregates = {
        "ended": count(),
        "total_stay_days": Sum(length),
        "reached_standard": count(
            Q(referral__outcome=Outcome.SUCCESSFUL_EXIT)
            | (Q(referral__outcome=Outcome.MOVED_ON) & Q(next_standard)),
        ),
        **{outcome.value: count(Q(referral__outcome=outcome.value)) for outcome in Outcome},
    }
    if supports_median():
        aggregates["median_stay_days"] = Median(length)
    qs = scope.stays().filter(ended_on__gte=start, ended_on__lte=end)
    grouped, total = _grouped(qs, key, aggregates)
    if not supports_median():
        _median_fallback(
            qs, key, "moved_in_on", "ended_on", into=(grouped, total), name="median_stay_days"
        )
    return grouped, total


def _labels_in_order(group_by: str, keys) -> list[tuple[object, str]]:
    """(key, label) in the order of the pathway, the approaches or the names; one query."""
    if group_by == GroupBy.PROGRAMME:
        programmes = Programme.objects.filter(pk__in=keys).select_related("organisation")
        labels = {programme.pk: str(programme) for programme in programmes}
        ordered = sorted(keys, key=lambda k: (k is None, labels.get(k, "")))
    elif group_by == GroupBy.STAGE:
        stages = {stage.pk: stage for stage in PathwayStage.objects.filter(pk__in=keys)}
        labels = {pk: stage.name for pk, stage in stages.items()}
        ordered = sorted(
            keys, key=lambda k: (k not in stages, stages[k].level if k in stages else 0)
        )
    else:
        labels = {value: str(label) for value, label in Approach.choices}
        order = list(Approach.values)
        ordered = sorted(keys, key=lambda k: order.index(k) if k in order else len(order))
    return [(key, labels.get(key) or str(_("Not stated"))) for key in ordered]


def outcome_table(
    *,
    start: datetime.date,
    end: datetime.date,
    group_by: str = GroupBy.PROGRAMME,
    programmes=None,
    today: datetime.date | None = None,
    town: str = "",
    target_group=None,
    unit: str = Unit.HOUSEHOLDS,
) -> OutcomeTable:
    """All measures for [start, end] (both days included), one row per programme, stage or
    approach that has any figure, and the total over everything in scope. Stays are
    counted in households or persons (`unit`); referrals are counted as referrals."""
    if group_by not in _KEY_PATHS:
        raise ValueError(f"Unknown grouping {group_by!r}")
    today = today or timezone.localdate()
    after_end = end + datetime.timedelta(days=1)
    scope = Scope(programmes=programmes, town=town, target_group=target_group, unit=unit)
    with without_jit():
        referral_parts, referral_totals = _referral_figures(group_by, start, after_end, scope)
        placements, placements_total = _placement_figures(group_by, start, end, scope, today)
        exits, exits_total = _exit_figures(group_by, start, end, scope)
    parts = [*referral_parts, placements, exits]
    keys = set().union(*(part.keys() for part in parts))
    rows = []
    for key, label in _labels_in_order(group_by, keys):
        values: dict = {}
        for part in parts:
            values.update(part.get(key, {}))
        derive(values)
        rows.append(OutcomeRow(key=key, label=label, values=values))
    total_values: dict = {}
    for part in [*referral_totals, placements_total, exits_total]:
        total_values.update(part)
    derive(total_values)
    total = OutcomeRow(key=None, label=str(_("Total")), values=total_values)
    return OutcomeTable(group_by=group_by, start=start, end=end, rows=rows, total=total)
