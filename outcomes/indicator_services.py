"""Writes on a project's indicator values: a project enters what its manual indicators
achieved in a period."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cms.models import ProjectIndicator
from core.errors import DomainError
from core.history import save_with_history

from .indicator_models import IndicatorValue
from .permissions import can_record_indicator_values


class IndicatorValueRefused(DomainError):
    default_message = _("The value could not be recorded.")


class NotProjectMember(IndicatorValueRefused):
    default_message = _("Only the project's organisations may enter its indicator values.")


class ComputedIndicator(IndicatorValueRefused):
    default_message = _("This indicator is computed from the casework; it takes no values.")


class PeriodOverlaps(IndicatorValueRefused):
    default_message = _(
        "A value for an overlapping period is already recorded; change that one instead."
    )


class PeriodReversed(IndicatorValueRefused):
    default_message = _("The end of the period must not precede its start.")


@transaction.atomic
def indicator_value_record(
    *,
    user,
    indicator: ProjectIndicator,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal,
    note: str = "",
) -> IndicatorValue:
    """Record (or correct) the value achieved in exactly this period. Overlapping periods
    are refused: a value would then count twice in the cumulative figure."""
    indicator = ProjectIndicator.objects.select_for_update().get(pk=indicator.pk)
    if not can_record_indicator_values(user, indicator.page.specific):
        raise NotProjectMember()
    if indicator.is_computed:
        raise ComputedIndicator()
    if period_end < period_start:
        raise PeriodReversed()
    same = IndicatorValue.objects.filter(
        indicator=indicator, period_start=period_start, period_end=period_end
    ).first()
    overlapping = IndicatorValue.objects.filter(
        indicator=indicator, period_start__lte=period_end, period_end__gte=period_start
    )
    if same is not None:
        overlapping = overlapping.exclude(pk=same.pk)
    if overlapping.exists():
        raise PeriodOverlaps()
    record = same or IndicatorValue(
        indicator=indicator, period_start=period_start, period_end=period_end
    )
    record.value = value
    record.note = note
    record.entered_by = user
    save_with_history(record, user=user, reason="recorded" if same is None else "corrected")
    return record
