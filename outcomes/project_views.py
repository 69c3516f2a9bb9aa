"""The members' indicator reports of the projects: the list, a project's report for a
period (HTML, PDF, XLSX) and the form a project enters its manual values with."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import IndicatorSource
from core.pdf import PdfFontsMissing

from .indicator_forms import IndicatorValueForm, ReportPeriodForm
from .indicator_services import IndicatorValueRefused, indicator_value_record
from .permissions import can_record_indicator_values, can_view_project_report
from .report_files import report_pdf, report_xlsx
from .reports import default_period, project_report, reportable_project, reportable_projects

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _project_for(request, page_id: int):
    if not can_view_project_report(request.user):
        raise PermissionDenied(_("The indicator reports are for members of the coalition."))
    project = reportable_project(page_id)
    if project is None:
        raise Http404
    return project


def _manual_indicators(project):
    return project.indicators.filter(source=IndicatorSource.MANUAL)


@login_required
def project_list(request):
    if not can_view_project_report(request.user):
        raise PermissionDenied(_("The indicator reports are for members of the coalition."))
    return render(request, "outcomes/project_list.html", {"projects": reportable_projects()})


@login_required
def project_indicators(request, page_id: int):
    project = _project_for(request, page_id)
    form = ReportPeriodForm(request.GET or None, default=default_period(project))
    start, end = form.period()
    can_record = can_record_indicator_values(request.user, project)
    manual = _manual_indicators(project)
    value_form = (
        IndicatorValueForm(indicators=manual, initial={"period_start": start, "period_end": end})
        if can_record and manual.exists()
        else None
    )
    return render(
        request,
        "outcomes/project_report.html",
        {
            "project": project,
            "form": form,
            "report": project_report(project, start=start, end=end),
            "query": urlencode({"start": start.isoformat(), "end": end.isoformat()}),
            "value_form": value_form,
        },
    )


@login_required
def project_report_file(request, page_id: int, fmt: str):
    project = _project_for(request, page_id)
    start, end = ReportPeriodForm(request.GET or None, default=default_period(project)).period()
    report = project_report(project, start=start, end=end)
    try:
        content = report_pdf(report) if fmt == "pdf" else report_xlsx(report)
    except PdfFontsMissing as error:
        messages.error(request, str(error.message))
        return redirect(reverse("outcomes:project_indicators", args=[project.pk]))
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"indikatory-{project.slug}-{start.isoformat()}-{end.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def project_value_record(request, page_id: int):
    project = _project_for(request, page_id)
    form = IndicatorValueForm(request.POST, indicators=_manual_indicators(project))
    target = reverse("outcomes:project_indicators", args=[project.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(target)
    data = form.cleaned_data
    try:
        indicator_value_record(
            user=request.user,
            indicator=data["indicator"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            value=data["value"],
            note=data["note"],
        )
    except IndicatorValueRefused as error:
        messages.error(request, str(error.message))
        return redirect(target)
    messages.success(request, _("The value is recorded."))
    query = urlencode(
        {"start": data["period_start"].isoformat(), "end": data["period_end"].isoformat()}
    )
    return redirect(f"{target}?{query}")
