"""Outcomes in a real browser: the public statistics page of a project shows the
suppressed table (no count below 5), and a member reads the dashboard with its charts.

Selectors use ids and table structure rather than visible texts, which the lead's Czech
translation will change.
"""

import pytest

from e2e.conftest import axe_check, log_in
from tests.outcomes.conftest import dataset, programmes, project  # noqa: F401
from tests.outcomes.factories import ProjectStatisticsPageFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def statistics_page(project, dataset):  # noqa: F811
    dataset.housing_first_cohort()
    return ProjectStatisticsPageFactory(parent=project, live=False, publish=True)


def test_public_statistics_page_shows_the_suppressed_table(page, statistics_page):
    page.goto("/projekty/prostupne-bydleni/statistiky/")
    table = page.locator("#statistics-table")
    assert table.locator("caption").inner_text().strip()
    assert table.locator("thead th[scope=col]").count() == 6
    assert table.locator("tbody th[scope=row]").count() == 4  # crisis, training, social, standard
    cells = [text.strip() for text in table.locator("td").all_inner_texts()]
    shown = [int(text) for text in cells if text != "×"]
    assert shown, "the larger counts are published"
    assert all(value >= 5 for value in shown), cells
    assert "×" in cells
    # 19 stays in all: training 1, standard 1, crisis 1, social 3 + 13.
    assert table.locator("tfoot td").last.inner_text().strip() == "19"
    assert page.locator("#suppression-note").is_visible()
    assert axe_check(page) == []


def test_member_reads_the_dashboard_with_charts(page, orgs, dataset):  # noqa: F811
    log_in(
        page,
        orgs.sender.users["case_reviewer"].username,
        next_url="/vysledky/?start=2025-01-01&end=2025-12-31&group_by=approach",
    )
    assert page.locator("#outcomes-table caption").is_visible()
    assert page.locator("figure.chart svg[role=img]").count() == 4
    assert page.locator("figure.chart svg desc").first.text_content().strip()
    assert axe_check(page) == []
