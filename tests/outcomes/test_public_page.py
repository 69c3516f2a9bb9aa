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
    # Six stays in all, every stage and outcome small: the suppressed table would be all
    # "×" but the grand total (issue 17), so the page says it in a sentence instead.
    assert page.figures["table"]["grand_total"] == 6
    assert 'id="statistics-table"' not in html
    summary = re.sub(r"\s+", " ", re.search(r'id="statistics-summary">(.*?)</p>', html, re.S)[1])
    assert "celkem 6 domácností" in summary
    assert "méně než 5" in summary
    assert "1. 1. 2025" in summary and "31. 12. 2025" in summary
    numbers = [int(n) for n in re.findall(r"\b\d+\b", re.sub(r"\d+\. \d+\. \d{4}", "", summary))]
    assert numbers == [6, 5]  # the total and the threshold, no small count
    assert "K-T-" not in html and "R-T-" not in html


def test_small_dataset_with_a_small_total_says_fewer_than_five(client, project, dataset):
    page = ProjectStatisticsPageFactory(parent=project)
    page.figures["table"]["grand_total"] = None  # as suppress() leaves a total below 5
    page.save()
    html = client.get(page.url).content.decode()
    summary = re.search(r'id="statistics-summary">(.*?)</p>', html, re.S)[1]
    assert "méně než 5 domácností" in re.sub(r"\s+", " ", summary)
    assert "6" not in summary
    total = re.search(r'data-testid="grand-total">(.*?)</td>', html)[1]
    assert total == "méně než 5 případů"  # a clear note in the table, not a blank or ×


def test_small_dataset_shows_its_total_in_a_table_with_the_period(client, project, dataset):
    """Every stage and outcome small (Přerov): the total is not only in a sentence, it is
    the table's figure, under a caption that names the period (issue 17)."""
    page = ProjectStatisticsPageFactory(parent=project)
    html = client.get(page.url).content.decode()
    table = html.split('id="statistics-totals"', 1)[1].split("</table>", 1)[0]
    assert re.search(r'data-testid="grand-total">6</td>', table)
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", table)[1]
    assert caption == "Domácnosti umístěné do bydlení od 1.\xa01.\xa02025 do 31.\xa012.\xa02025"


def test_larger_dataset_shows_safe_counts_and_hides_the_rest(client, project, dataset):
    dataset.housing_first_cohort()
    page = ProjectStatisticsPageFactory(parent=project)
    cells = table_cells(client.get(page.url).content.decode())
    assert_no_small_number(cells)
    assert "7" in cells or "8" in cells  # social housing, still housed: s5 + 7
    table = PublishedTable(**page.figures["table"])
    assert derivable_hidden_cells(table) == {}


def test_a_project_with_no_stays_names_the_period_it_counted(client, project, orgs):
    page = ProjectStatisticsPageFactory(parent=project)
    html = client.get(page.url).content.decode()
    assert 'id="statistics-table"' not in html
    empty = re.search(r'<p id="statistics-empty">(.*?)</p>', html, re.S).group(1)
    assert "1.\xa01.\xa02025" in empty and "31.\xa012.\xa02025" in empty


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
