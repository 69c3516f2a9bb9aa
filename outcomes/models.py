"""The public statistics page of a project, built only from suppressed aggregates."""

import datetime

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page

from core.validators import check_period, period_constraint

from .public_table import COLUMN_LABELS, public_table


class ProjectStatisticsForm(WagtailAdminPageForm):
    recalculate = forms.BooleanField(
        label=_("Recalculate the figures now"),
        required=False,
        help_text=_(
            "The page keeps the figures it was approved with; tick this to count them "
            "again from today's data. The new figures go through approval like any change."
        ),
    )

    def save(self, commit=True):
        page = super().save(commit=False)
        if self.cleaned_data.get("recalculate"):
            page.figures = {}
        if commit:
            page.save()
        return page


class ProjectStatisticsPage(Page):
    """Statistics of a project (child of its project page). The table is a snapshot taken
    when the page is saved, so the moderator approves exactly the numbers that go live; it
    holds only suppressed counts (no count below 5, none derivable from the totals)."""

    intro = models.TextField(_("introduction"), blank=True)
    period_start = models.DateField(
        _("from"), null=True, blank=True, help_text=_("Empty: the start of the project.")
    )
    period_end = models.DateField(
        _("to"), null=True, blank=True, help_text=_("Empty: the end of the project or today.")
    )
    figures = models.JSONField(default=dict, blank=True, editable=False)

    base_form_class = ProjectStatisticsForm
    parent_page_types = ["cms.ProjectPage"]
    subpage_types: list[str] = []
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")])],
            heading=_("Period"),
        ),
    ]

    class Meta:
        verbose_name = _("project statistics")
        verbose_name_plural = _("project statistics")
        constraints = [
            period_constraint(
                "period_start", "period_end", name="outcomes_statistics_period_ordered"
            )
        ]

    def _project(self):
        from cms.models import ProjectPage

        if not self.path:
            return None
        parent = self.get_parent()
        return parent.specific if parent and isinstance(parent.specific, ProjectPage) else None

    def scope(self) -> tuple[list[int], datetime.date, datetime.date] | None:
        project = self._project()
        if project is None:
            return None
        today = timezone.localdate()
        organisation_ids = {o.pk for o in project.partner_organisations.all()}
        if project.lead_organisation_id:
            organisation_ids.add(project.lead_organisation_id)
        start = self.period_start or project.period_start
        end = min(self.period_end or project.period_end or today, today)
        return sorted(organisation_ids), start, end

    def refresh_figures(self, *, force: bool = False) -> None:
        scope = self.scope()
        if scope is None:
            return
        organisation_ids, start, end = scope
        params = {
            "organisations": organisation_ids,
            "start": start.isoformat(),
            "end": end.isoformat(),
        }
        if force or not self.figures or self.figures.get("params") != params:
            self.figures = public_table(organisation_ids=organisation_ids, start=start, end=end)
            self.figures["computed_on"] = timezone.localdate().isoformat()

    def clean(self):
        super().clean()
        check_period(self.period_start, self.period_end, field="period_end")
        self.refresh_figures()

    def table_for_display(self) -> dict | None:
        """Rows with their cells for the template; hidden counts are None."""
        table = (self.figures or {}).get("table")
        if not table:
            return None
        columns = [COLUMN_LABELS.get(key, key) for key in self.figures["columns"]]
        rows = [
            {"label": label, "cells": cells, "total": total}
            for label, cells, total in zip(
                self.figures["rows"], table["cells"], table["row_totals"], strict=True
            )
        ]
        detail = [*table["cells"], table["row_totals"], table["column_totals"]]
        return {
            # Every stage and every outcome is small: a table of × tells a reader nothing,
            # a sentence with the total (when it may be shown) does.
            "only_total": all(value is None for line in detail for value in line),
            "columns": columns,
            "rows": rows,
            "column_totals": table["column_totals"],
            "grand_total": table["grand_total"],
            "start": datetime.date.fromisoformat(self.figures["params"]["start"]),
            "end": datetime.date.fromisoformat(self.figures["params"]["end"]),
            "computed_on": datetime.date.fromisoformat(self.figures["computed_on"]),
            "threshold": self.figures.get("threshold", 5),
        }

    def period_for_display(self) -> tuple[datetime.date, datetime.date] | None:
        """The counted period, also when nothing was counted in it."""
        params = (self.figures or {}).get("params")
        if params:
            return (
                datetime.date.fromisoformat(params["start"]),
                datetime.date.fromisoformat(params["end"]),
            )
        scope = self.scope()
        return (scope[1], scope[2]) if scope else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["statistics"] = self.table_for_display()
        context["statistics_period"] = self.period_for_display()
        return context


# The indicator values live in their own module; importing them here registers the model.
from .indicator_models import IndicatorValue  # noqa: E402

__all__ = ["IndicatorValue", "ProjectStatisticsPage"]
