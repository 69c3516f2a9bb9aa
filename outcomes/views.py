"""Thin views over the outcome figures: the members' dashboard, its exports and the
barriers report. Only aggregates are shown; every view checks membership first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .barriers import BarriersPublishError, barriers_report, barriers_report_draft
from .charts import bar_chart
from .exports import as_csv, as_xlsx
from .forms import PeriodForm
from .measures import DEFINITIONS, MEASURES, GroupBy, outcome_table
from .permissions import can_publish_barriers, can_view_outcomes


def _require_member(request) -> None:
    if not can_view_outcomes(request.user):
        raise PermissionDenied(_("The outcome figures are for members of the coalition."))


@login_required
def dashboard(request):
    _require_member(request)
    form = PeriodForm(request.GET or None)
    start, end, group_by = form.period()
    table = outcome_table(start=start, end=end, group_by=group_by)
    by_approach = (
        table
        if group_by == GroupBy.APPROACH
        else outcome_table(start=start, end=end, group_by=GroupBy.APPROACH)
    )
    charts = [
        bar_chart(
            "chart-placed",
            _("Placements by group"),
            [(row.label, row["placed"]) for row in table.rows],
        ),
        *[
            bar_chart(
                f"chart-kept-{months}",
                _("Tenancy kept at %(n)s months: Housing First and Housing Ready") % {"n": months},
                [(row.label, row[f"kept_{months}_share"]) for row in by_approach.rows],
                kind="share",
            )
            for months in (6, 12, 24)
        ],
    ]
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "form": form,
            "table": table,
            "by_approach": by_approach,
            "measures": MEASURES,
            "definitions": DEFINITIONS,
            "charts": charts,
            "query": request.GET.urlencode(),
            "can_publish_barriers": can_publish_barriers(request.user),
        },
    )


@login_required
def export(request, fmt: str):
    _require_member(request)
    start, end, group_by = PeriodForm(request.GET or None).period()
    table = outcome_table(start=start, end=end, group_by=group_by)
    name = f"vysledky-{start.isoformat()}-{end.isoformat()}"
    if fmt == "csv":
        response = HttpResponse(as_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    response = HttpResponse(
        as_xlsx(table),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def barriers(request):
    _require_member(request)
    form = PeriodForm(request.GET or None)
    start, end, _group_by = form.period()
    report = barriers_report(start=start, end=end)
    return render(
        request,
        "outcomes/barriers.html",
        {
            "form": form,
            "report": report,
            "can_publish": can_publish_barriers(request.user),
        },
    )


@login_required
@require_POST
def barriers_publish(request):
    _require_member(request)
    form = PeriodForm(request.POST)
    start, end, _group_by = form.period()
    try:
        item = barriers_report_draft(user=request.user, start=start, end=end)
    except BarriersPublishError as error:
        messages.error(request, str(error))
        return redirect(reverse("outcomes:barriers"))
    messages.success(
        request,
        _("The report is drafted in the library and waits for approval: %(title)s")
        % {"title": item.title},
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[item.pk]))
