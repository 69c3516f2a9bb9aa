"""axe-core on the public pages: no serious or critical WCAG 2.1 AA violation."""

import pytest

from e2e.conftest import axe_check

pytestmark = pytest.mark.browser

PAGES = {
    "home_page": lambda site: "/",
    "library": lambda site: "/knihovna/",
    "library_filtered": lambda site: "/knihovna/?kind=methodology&order=title",
    "knowledge_item_page": lambda site: site.public_item.url,
    "partner_directory": lambda site: "/partneri/",
    "organisation_page": lambda site: site.organisation.get_absolute_url(),
    "project_page": lambda site: site.project.url,
    "news_index": lambda site: "/aktuality/",
    "news_page": lambda site: site.news.url,
    "login_page": lambda site: "/prihlaseni/",
    "page_not_found": lambda site: "/neexistuje/",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_or_critical_accessibility_violation(name, page, demo_site):
    page.goto(PAGES[name](demo_site))
    violations = axe_check(page)
    assert violations == [], f"{name}: {violations}"
