"""The public statistics page of a project: built from suppressed aggregates only, and
published through moderation like any page."""

import re

import pytest
from wagtail.models import Page

from cms.models import ProjectPage
from outcomes.models import ProjectStatisticsPage
from outcomes.suppression import PublishedTable
from tests.outcomes.factories import ProjectStatisticsPageFactory
from tests.outcomes.test_suppression import derivable_hidden_cells

pytestmark = pytest.mark.django_db


def table_cells(html: str) -> list[str]:
    table = html.split('id="statistics-table"', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", table)]


def assert_no_small_number(cells):
    for cell in cells:
        assert cell == "×" or int(cell) >= 5, f"small count {cell!r} on a public page"


def test_small_dataset_shows_no_number_below_five(client, project, dataset):
    page = ProjectStatisticsPageFactory(parent=project)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    cells = table_cells(html)
    assert_no_small_number(cells)
    # Six stays in all: only the grand total may show; every stage and outcome is small.
    assert [cell for cell in cells if cell != "×"] == ["6"]
    assert "Sociální bydlení" in html  # the stage rows are there, the counts are not
    assert '<th scope="col">' in html and "<caption" in html
    assert "K-T-" not in html and "R-T-" not in html


def test_larger_dataset_shows_safe_counts_and_hides_the_rest(client, project, dataset):
    dataset.housing_first_cohort()
    page = ProjectStatisticsPageFactory(parent=project)
    cells = table_cells(client.get(page.url).content.decode())
    assert_no_small_number(cells)
    assert "7" in cells or "8" in cells  # social housing, still housed: s5 + 7
    table = PublishedTable(**page.figures["table"])
    assert derivable_hidden_cells(table) == {}


def test_figures_are_a_snapshot_approved_through_moderation(client, project, dataset, orgs):
    page = ProjectStatisticsPageFactory(parent=project, title="Statistiky", live=False)
    revision = page.save_revision(user=orgs.receiver.users["editor"])
    assert client.get("/projekty/prostupne-bydleni/statistiky/").status_code == 404
    snapshot = revision.as_object().figures
    assert snapshot["params"]["start"] == "2025-01-01"
    assert snapshot["table"]["grand_total"] == 6
    # New casework after the snapshot does not change the figures awaiting approval.
    referral = dataset.referral("late", dataset.programmes["hf"], submitted="2025-11-01")
    dataset.stay("late-stay", referral, moved_in="2025-11-02")
    revision.publish()
    page.refresh_from_db()
    assert page.live
    assert page.figures["table"] == snapshot["table"]
    assert client.get(page.url).status_code == 200


def test_statistics_page_is_allowed_only_under_a_project(project, site_tree):
    assert ProjectStatisticsPage in project.specific_class.allowed_subpage_models()
    assert not ProjectStatisticsPage.can_create_at(site_tree.home)
    assert isinstance(Page.objects.get(pk=project.pk).specific, ProjectPage)


def test_demo_command_adds_one_page_per_project_and_is_idempotent(project, dataset):
    from django.core.management import call_command

    call_command("load_demo_outcomes", verbosity=0)
    call_command("load_demo_outcomes", verbosity=0)
    pages = ProjectStatisticsPage.objects.child_of(project)
    assert pages.count() == 1
    page = pages.get()
    assert page.live and page.figures["table"]["grand_total"] == 6
