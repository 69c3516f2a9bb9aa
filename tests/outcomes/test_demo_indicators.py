"""The demo's project indicators and registry import: two seed projects with indicators
whose reports open with figures, and a second run that adds nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from cms.models import ProjectPage
from outcomes.models import IndicatorValue
from partners.models import Programme, RegistryRecord

REPORTED = ["treninkove-bydleni-prerov", "socialni-bydleni-kadan"]


@pytest.mark.parametrize("slug", REPORTED)
def test_seed_project_has_indicators_and_a_report_with_figures(demo, client, db, slug):
    project = ProjectPage.objects.get(slug=slug)
    assert project.indicators.count() >= 3
    assert f"/vysledky/projekty/{project.pk}/" in demo
    client.force_login(get_user_model().objects.get(username="prerov-socialni"))
    response = client.get(reverse("outcomes:project_report_file", args=[project.pk, "xlsx"]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    figures = [
        row[5] for row in rows if row and row[0] in {i.code for i in project.indicators.all()}
    ]
    assert len(figures) == project.indicators.count()
    assert any(figure and figure > 0 for figure in figures)


def test_prerov_counts_come_from_the_demo_casework(demo, db):
    from outcomes.indicators import achieved_values
    from outcomes.reports import default_period

    project = ProjectPage.objects.get(slug="treninkove-bydleni-prerov")
    start, end = default_period(project)
    computed = [i for i in project.indicators.all() if i.is_computed]
    achieved = achieved_values(project, computed, start=start, end=end)
    assert all(achieved[i.pk].cumulative > 0 for i in computed)


def test_demo_registry_import_links_and_proposes(demo, db):
    centre = Programme.objects.get(organisation__slug="cssp", slug="intervencni-centrum")
    assert centre.registry_id == "9100002"
    assert RegistryRecord.objects.get(key="9100002").programme == centre
    assert RegistryRecord.objects.filter(status=RegistryRecord.Status.PROPOSED).exists()


def test_second_run_adds_nothing(demo, db):
    values = IndicatorValue.objects.count()
    records = list(RegistryRecord.objects.values_list("key", "status", "values", "applied"))
    output = io.StringIO()
    call_command("load_demo_outcomes", stdout=output)
    assert "0 new values" in output.getvalue()
    assert IndicatorValue.objects.count() == values
    assert list(RegistryRecord.objects.values_list("key", "status", "values", "applied")) == records
