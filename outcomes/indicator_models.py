"""Achieved values of a project's indicators that the casework cannot tell (a seminar
held, a concept approved), entered by the project per period; see outcomes.indicators."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cms.models import ProjectIndicator
from core.validators import not_negative, not_negative_constraint


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(ProjectIndicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    value = models.DecimalField(
        _("achieved in the period"), max_digits=12, decimal_places=2, validators=[not_negative]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                name="indicator_value_unique_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="indicator_value_period_ordered",
            ),
            not_negative_constraint("value", name="indicator_value_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period_start}–{self.period_end}: {self.value}"
