"""Outcomes' sections on pages of the apps below: the indicators on a project page."""

from django.template.loader import render_to_string
from wagtail import hooks

from cms.models import PROJECT_SECTIONS_HOOK

from .permissions import can_view_project_report
from .public_indicators import public_indicators
from .suppression import THRESHOLD


@hooks.register(PROJECT_SECTIONS_HOOK)
def project_indicators_section(request, project) -> str:
    indicators = public_indicators(project)
    if not indicators:
        return ""
    return render_to_string(
        "outcomes/project_indicators_section.html",
        {
            "project": project,
            "indicators": indicators,
            "threshold": THRESHOLD,
            "members_report": can_view_project_report(request.user),
        },
        request=request,
    )
