"""What a person sees of issue 17's points 3 and 6 in a real browser: the housing pathway
drawn as text that fits a 320 px phone, the accessibility statement from the footer, and a
menu that offers "Výsledky" only to those who may open it."""

import pytest

from cms.models import StandardPage
from e2e.conftest import axe_check, log_in
from partners.models import PathwayStage

pytestmark = pytest.mark.browser

PAGE_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def narrow(browser, live_server, media_root):
    context = browser.new_context(
        base_url=live_server.url, locale="cs-CZ", viewport={"width": 320, "height": 800}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_the_pathway_diagram_reads_as_text_and_fits_a_phone(narrow, demo_site):
    page = StandardPage(
        title="Prostupné bydlení", slug="prostupne-bydleni", show_pathway_diagram=True
    )
    demo_site.home.add_child(instance=page)
    narrow.goto("/prostupne-bydleni/")
    figure = narrow.locator("figure.pathway-diagram")
    assert figure.is_visible()
    names = figure.locator(".pathway-stage__name").all_inner_texts()
    assert names == [stage.name for stage in PathwayStage.objects.order_by("level")]
    assert figure.locator("img").count() == 0
    assert narrow.evaluate(PAGE_WIDTH) <= 320
    assert axe_check(narrow) == []


def test_the_footer_leads_to_the_accessibility_statement(narrow, demo_site):
    narrow.goto("/")
    narrow.locator("footer").get_by_role("link", name="Prohlášení o přístupnosti").click()
    narrow.wait_for_url("**/prohlaseni-o-pristupnosti/")
    assert narrow.locator("h1").inner_text() == "Prohlášení o přístupnosti"
    assert "99/2019 Sb." in narrow.locator("main").inner_text()
    assert narrow.evaluate(PAGE_WIDTH) <= 320
    assert axe_check(narrow) == []


@pytest.mark.parametrize(("role", "offered"), [("social_worker", False), ("org_admin", True)])
def test_the_menu_offers_the_outcomes_only_to_who_may_open_them(page, orgs, role, offered):
    log_in(page, orgs.sender.users[role].username)
    link = page.locator("nav.main-nav").get_by_role("link", name="Výsledky")
    assert (link.count() == 1) is offered
    response = page.goto("/vysledky/")
    assert (response.status == 200) is offered
