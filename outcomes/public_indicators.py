"""The indicators on a public project page: targets against what was achieved so far,
with the small-cell rule of the statistics pages (outcomes.suppression).

Counts of people or households below the threshold are hidden, and so is their share of
the target (which would give them away). Persons aged 15 or over are a part of persons
supported, so the two go through the two-way suppression together with the persons under
15 as the hidden remainder: when that remainder is small, one of the two published counts
is hidden too, or it could be worked out by subtraction."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from cms.models import IndicatorSource, ProjectPage

from .indicators import achieved_values
from .reports import ReportRow
from .suppression import THRESHOLD, suppress


@dataclass(frozen=True)
class PublicIndicator:
    row: ReportRow
    hidden: bool

    @property
    def achieved(self) -> Decimal | None:
        return None if self.hidden else self.row.cumulative

    @property
    def share_of_target(self) -> Decimal | None:
        return None if self.hidden else self.row.share_of_target


def _hidden_sources(values: dict[str, Decimal]) -> set[str]:
    persons = values.get(IndicatorSource.PERSONS_SUPPORTED)
    adults = values.get(IndicatorSource.PERSONS_OVER_15)
    hidden = set()
    if persons is not None and adults is not None:
        table = suppress([[int(adults)], [int(persons - adults)]])
        if table.cells[0][0] is None:
            hidden.add(IndicatorSource.PERSONS_OVER_15)
        if table.column_totals[0] is None:
            hidden.add(IndicatorSource.PERSONS_SUPPORTED)
    return hidden


def public_indicators(project: ProjectPage) -> list[PublicIndicator]:
    indicators = list(project.indicators.all())
    if not indicators:
        return []
    today = timezone.localdate()
    end = max(min(project.period_end or today, today), project.period_start)
    achieved = achieved_values(project, indicators, start=project.period_start, end=end)
    by_source = {
        indicator.source: achieved[indicator.pk].cumulative
        for indicator in indicators
        if indicator.is_computed
    }
    linked_hidden = _hidden_sources(by_source)
    result = []
    for indicator in indicators:
        value = achieved[indicator.pk].cumulative
        row = ReportRow(
            code=indicator.code,
            name=indicator.name,
            unit=indicator.unit,
            target=indicator.target,
            in_period=value,
            cumulative=value,
            computed=indicator.is_computed,
        )
        hidden = indicator.counts_people and (
            value < THRESHOLD or indicator.source in linked_hidden
        )
        result.append(PublicIndicator(row=row, hidden=hidden))
    return result
