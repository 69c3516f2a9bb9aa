"""Thin views over the outcome figures: the members' dashboard, its exports and the
barriers report. Only aggregates are shown; every view checks the user's roles first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .barriers import (
    BarriersPublishError,
    barriers_report,
    barriers_report_draft,
    barriers_tables,
)
from .charts import bar_chart
from .exports import as_csv, as_xlsx
from .forms import PeriodForm
from .measures import DEFINITIONS, MEASURES, GroupBy, Unit, outcome_table
from .permissions import can_publish_barriers, can_view_barriers, can_view_outcomes
from .protection import ProtectedTable, protect
from .suppression import THRESHOLD


def _refuse_unless(allowed: bool) -> None:
    """The dashboard, its exports and the barriers report are for the same roles
    (outcomes.permissions); anyone else gets a 403 that says who may see them."""
    if not allowed:
        raise PermissionDenied(
            _(
                "The outcome figures are for the coalition's secretariat, organisation "
                "administrators and case-review group members."
            )
        )


def _protected_table(form: PeriodForm, group_by: str | None = None) -> ProtectedTable:
    """The outcome table for the form's period and filters, with the small-cell rule
    applied: in persons also where the households are fewer than 5."""
    start, end, chosen = form.period()
    scope = form.scope()
    arguments = {"start": start, "end": end, "group_by": group_by or chosen, **scope}
    table = outcome_table(**arguments)
    households = None
    if scope.get("unit") == Unit.PERSONS:
        households = outcome_table(**{**arguments, "unit": Unit.HOUSEHOLDS})
    return protect(table, households=households)


@login_required
def dashboard(request):
    _refuse_unless(can_view_outcomes(request.user))
    form = PeriodForm(request.GET or None)
    _start, _end, group_by = form.period()
    table = _protected_table(form)
    by_approach = (
        table if group_by == GroupBy.APPROACH else _protected_table(form, GroupBy.APPROACH)
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
            "threshold": THRESHOLD,
        },
    )


@login_required
def export(request, fmt: str):
    _refuse_unless(can_view_outcomes(request.user))
    form = PeriodForm(request.GET or None)
    start, end, _group_by = form.period()
    table = _protected_table(form)
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
    _refuse_unless(can_view_barriers(request.user))
    form = PeriodForm(request.GET or None)
    start, end, _group_by = form.period()
    report = barriers_report(start=start, end=end)
    return render(
        request,
        "outcomes/barriers.html",
        {
            **barriers_tables(report),  # the dashboard's small-cell rule, as on the item
            "form": form,
            "can_publish": can_publish_barriers(request.user),
        },
    )


@login_required
@require_POST
def barriers_publish(request):
    _refuse_unless(can_view_barriers(request.user))
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
