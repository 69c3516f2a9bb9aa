"""The search in a real browser: the header box's autocomplete, facets, and the searched
words marked on the opened result; against the real search node, no mocks."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from e2e.conftest import axe_check, log_in
from search import client as search_client
from search.documents import drop_indexes
from tests.search.node import closed_port, running_node, search_settings

pytestmark = [pytest.mark.browser, pytest.mark.search_node]


@pytest.fixture(scope="session")
def search_node(tmp_path_factory):
    with running_node(tmp_path_factory.mktemp("e2e-search")) as node, search_settings(node):
        try:
            yield node
        finally:
            drop_indexes(node.prefix)


@pytest.fixture
def indexed_site(search_node, demo_site):
    """The small demo portal, indexed as it was created: the live server's database is
    transactional, so every commit ran its indexing (synchronously, SEARCH_INDEX_SYNC)."""
    return demo_site


@pytest.fixture(autouse=True)
def _fresh_index(search_node):
    search_client.mark_up()
    drop_indexes(search_node.prefix)
    yield
    search_client.mark_up()


def query_of(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_autocomplete_facet_and_highlight_on_the_opened_result(page, indexed_site):
    page.goto("/")
    box = page.locator("#site-search")
    box.click()
    box.press_sequentially("treninkov", delay=40)

    listbox = page.locator("#site-search-listbox")
    option = listbox.get_by_role("option", name=re.compile("Metodika tréninkového bydlení"))
    option.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    assert "návrh" in page.locator("form.search-box [role=status]").inner_text() or (
        "suggestion" in page.locator("form.search-box [role=status]").inner_text()
    )

    # keyboard: Down highlights the first suggestion, Enter picks it and searches
    box.press("ArrowDown")
    active_id = box.get_attribute("aria-activedescendant")
    assert active_id and page.locator(f"#{active_id}").get_attribute("aria-selected") == "true"
    first_title = page.locator(f"#{active_id} .autocomplete-title").inner_text()
    with page.expect_navigation():
        box.press("Enter")
    assert urlsplit(page.url).path == "/hledat/"
    assert query_of(page.url)["q"] == first_title
    assert page.locator("#search-q").input_value() == first_title

    # a facet narrows the results
    facet = page.locator('a[data-facet="kind"][data-value="methodology"]')
    with page.expect_navigation():
        facet.click()
    assert query_of(page.url)["kind"] == "methodology"
    assert page.locator('a[data-facet="kind"][aria-current="true"]').count() == 1
    hits = page.locator(".search-hit")
    assert hits.count() >= 1
    assert "Interní hodnocení" not in page.locator("main").inner_text()  # members only

    # the result's title and snippet are highlighted; opening it marks the words there
    first_hit = hits.first.locator("h3 a")
    assert first_hit.locator("mark").count() >= 1
    with page.expect_navigation():
        first_hit.click()
    assert "hl" in query_of(page.url)
    marks = page.locator("main mark.search-term")
    marks.first.wait_for(state="attached")
    marked = [m.lower() for m in marks.all_inner_texts()]
    assert any(word.startswith("tréninkov") for word in marked)


def test_clicking_a_suggestion_with_the_mouse(page, indexed_site):
    page.goto("/aktuality/")
    box = page.locator("#site-search")
    box.fill("setkani")
    option = page.get_by_role("option", name=re.compile("Setkání odborného partnerství"))
    with page.expect_navigation():
        option.click()
    assert query_of(page.url)["q"] == "Setkání odborného partnerství v Přerově"
    assert page.locator(".search-hit").first.inner_text().count("Setkání") >= 1


def test_escape_closes_the_suggestions(page, indexed_site):
    page.goto("/")
    box = page.locator("#site-search")
    box.press_sequentially("metod", delay=40)
    page.locator("#site-search-listbox [role=option]").first.wait_for(state="visible")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("#site-search-listbox").is_hidden()


def test_results_page_is_accessible(page, indexed_site):
    page.goto("/hledat/?q=treninkove+bydleni")
    assert page.locator(".search-hit").count() >= 1
    box = page.locator("#search-q")
    box.fill("")
    box.press_sequentially("prostup", delay=40)
    page.locator("#search-q-listbox [role=option]").first.wait_for(state="visible")
    assert axe_check(page) == []


def test_fallback_notice_in_the_browser(page, indexed_site):
    with override_settings(ELASTICSEARCH_URL=f"http://127.0.0.1:{closed_port()}"):
        page.goto("/hledat/?q=treninkove+bydleni")
        # Readers get the results without the operators' notice (issue 17) ...
        assert page.locator(".search-hit").count() >= 1
        assert page.locator(".search-notice").count() == 0
        # ... the secretariat, who runs the portal, learns why they are coarser.
        log_in(page, indexed_site.moderator.username, next_url="/hledat/?q=treninkove+bydleni")
        assert page.locator(".search-notice").is_visible()
        assert page.locator(".search-hit").count() >= 1
        assert axe_check(page) == []
