"""A project's indicator report for a period, in the shape of the indicator annex of an
ESF (OPZ) progress report: code, name, unit, target, achieved in the period, achieved
cumulatively since the project's start, and the cumulative value as a share of the target.
The figures come from outcomes.indicators; the files are made in report_files.py."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.models import ProjectPage

from .indicators import achieved_values

COLUMNS = [
    _("Indicator code"),
    _("Indicator name"),
    _("Unit"),
    _("Target value"),
    _("Achieved in the period"),
    _("Achieved cumulatively"),
    _("Share of the target (%)"),
]


@dataclass(frozen=True)
class ReportRow:
    code: str
    name: str
    unit: str
    target: Decimal | None
    in_period: Decimal
    cumulative: Decimal
    computed: bool

    @property
    def share_of_target(self) -> Decimal | None:
        """The cumulative value in per cent of the target, to one decimal place."""
        if not self.target:
            return None
        share = self.cumulative * 100 / self.target
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ProjectReport:
    title: str
    registration_number: str
    funding: str
    lead: str
    project_start: datetime.date
    start: datetime.date
    end: datetime.date
    made_on: datetime.date
    rows: list[ReportRow]


def default_period(project: ProjectPage) -> tuple[datetime.date, datetime.date]:
    """From the project's start to its end, or to today while it runs."""
    today = timezone.localdate()
    end = min(project.period_end or today, today)
    return project.period_start, max(end, project.period_start)


def project_report(
    project: ProjectPage, *, start: datetime.date, end: datetime.date
) -> ProjectReport:
    indicators = list(project.indicators.all())
    achieved = achieved_values(project, indicators, start=start, end=end)
    rows = [
        ReportRow(
            code=indicator.code,
            name=indicator.name,
            unit=indicator.unit,
            target=indicator.target,
            in_period=achieved[indicator.pk].in_period,
            cumulative=achieved[indicator.pk].cumulative,
            computed=indicator.is_computed,
        )
        for indicator in indicators
    ]
    lead = project.lead_organisation
    return ProjectReport(
        title=project.title,
        registration_number=project.registration_number,
        funding=project.funding,
        lead=lead.name if lead else "",
        project_start=project.period_start,
        start=start,
        end=end,
        made_on=timezone.localdate(),
        rows=rows,
    )


def reportable_projects():
    """Published projects that have indicators, newest first."""
    return (
        ProjectPage.objects.live()
        .filter(indicators__isnull=False)
        .distinct()
        .select_related("lead_organisation")
        .order_by("-period_start", "title")
    )


def reportable_project(page_id: int) -> ProjectPage | None:
    return (
        ProjectPage.objects.live()
        .select_related("lead_organisation")
        .prefetch_related("partner_organisations")
        .filter(pk=page_id)
        .first()
    )
