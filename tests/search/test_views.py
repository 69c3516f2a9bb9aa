"""The results page, the autocomplete endpoint, the JSON API and the search box."""

import re

import pytest
from django.test import Client

from tests.knowledge.factories import TopicFactory

pytestmark = pytest.mark.search_node


@pytest.fixture
def content(publish):
    topic = TopicFactory(slug="dluhy", name="Dluhy")
    for n in range(12):
        item = publish(
            title=f"Splátkový kalendář {n}",
            summary="Jak rozložit dluh na nájemném do splátek.",
            year=2010 + n,
            kind="good_practice" if n % 2 else "methodology",
        )
        if n < 3:
            item.topics.add(topic)
            item.save_revision().publish()
    publish(title="Tajný splátkový kalendář", visibility="members")


@pytest.fixture
def reindexed(content, rebuild):
    rebuild()


def get(path, client=None, **params):
    return (client or Client()).get(path, params)


def test_results_page_lists_highlighted_hits_with_facets(reindexed, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = get("/hledat/", q="splatkovy kalendar")
    page = response.content.decode()
    assert response.status_code == 200
    assert "12 results" in page or "12 výsledků" in page
    assert "<mark>Splátkový</mark> <mark>kalendář</mark>" in page
    assert "Tajný" not in page
    assert 'href="?q=splatkovy+kalendar&amp;kind=good_practice"' in page
    assert re.search(
        r'data-facet="topic" data-value="dluhy">\s*Dluhy\s*<span class="facet-count"', page
    )
    assert 'rel="next"' in page and "page=2" in page


def test_results_page_links_results_with_the_query_to_highlight(reindexed):
    page = get("/hledat/", q="kalendar").content.decode()
    assert re.search(r'href="/[^"]*splatkovy-kalendar-[^"]*\?hl=kalendar"', page)


def test_facet_link_filters_and_marks_the_selection(reindexed):
    page = get("/hledat/", q="splatkovy kalendar", topic="dluhy").content.decode()
    assert page.count('class="search-hit"') == 3
    assert 'aria-current="true" class="facet-selected" data-facet="topic"' in page
    assert '<input type="hidden" name="topic" value="dluhy">' in page


def test_sort_and_page_parameters(reindexed):
    page = get("/hledat/", q="kalendar", sort="date", page=2).content.decode()
    assert re.findall(r"kalendář</mark> (\d+)", page) == ["1", "0"]


def test_did_you_mean_is_offered(reindexed):
    page = get("/hledat/", q="dplatkovy").content.decode()
    assert 'class="did-you-mean"' in page
    assert re.search(r'class="did-you-mean">.*<a href="\?q=spl', page)


def test_invalid_parameters_answer_400_not_500(content):
    response = get("/hledat/", q="x", kind="<script>")
    assert response.status_code == 400
    assert "<script>" not in response.content.decode()
    assert get("/hledat/api/", page="nula").status_code == 400
    assert get("/hledat/api/", page_size=500).status_code == 400


def test_empty_search_page_shows_only_the_form(db):
    page = get("/hledat/").content.decode()
    assert 'id="search-q"' in page and 'class="search-results"' not in page


def test_api_answers_json_for_partner_sites(reindexed, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = get("/hledat/api/", q="splatkovy kalendar", kind="methodology", page_size=2)
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["total"] == 6 and body["num_pages"] == 3 and body["page_size"] == 2
    assert body["filters"] == {"kind": "methodology"}
    first = body["results"][0]
    assert set(first) >= {"title", "url", "snippet_html", "kind", "kind_label", "members_only"}
    assert "<mark>" in first["title_html"]
    kinds = {o["value"]: o["count"] for o in body["facets"]["kind"]["options"]}
    assert kinds == {"methodology": 6}
    assert set(body["facets"]) == {
        "kind",
        "topic",
        "target_group",
        "stage",
        "region",
        "organisation",
        "year",
    }


def test_api_for_a_logged_in_member_includes_members_only(reindexed, orgs):
    client = Client()
    client.force_login(orgs.sender.users["social_worker"])
    titles = [r["title"] for r in get("/hledat/api/", client, q="tajny").json()["results"]]
    assert titles == ["Tajný splátkový kalendář"]


def test_autocomplete_endpoint(reindexed):
    body = get("/hledat/naseptavac/", q="splatk").json()
    assert body["query"] == "splatk"
    assert len(body["suggestions"]) == 8
    assert all(s["title"].startswith("Splátkový kalendář") for s in body["suggestions"])
    assert get("/hledat/naseptavac/", q="s").json()["suggestions"] == []


def test_every_page_has_the_search_box_with_autocomplete(site_tree):
    page = get("/").content.decode()
    form = re.search(r'<form class="search-box"[^>]*>', page).group(0)
    assert 'action="/hledat/"' in form and 'data-autocomplete-url="/hledat/naseptavac/"' in form
    assert 'role="combobox"' in page and 'aria-controls="site-search-listbox"' in page
    assert '<script src="/static/js/search-autocomplete.js" defer></script>' in page
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert all(src.startswith("/static/") for src in scripts)  # nothing external
