"""Page views run a fixed number of queries, however many organisations, items, news and
projects there are: capped with django_assert_max_num_queries, and measured again after
the portal has grown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cms.content import PortalBuilder

# page: (url given the built portal, the most queries it may run)
PAGES = {
    "home_page": (lambda p: "/", 20),
    "library_listing_with_two_filters": (
        lambda p: "/knihovna/?kind=methodology&region=plzensky",
        24,
    ),
    "library_listing_with_all_filters": (
        lambda p: (
            "/knihovna/?kind=analysis&topic=tema-1&target_group=ubytovny"
            "&stage=krizove&region=ustecky&organisation=organizace-0&order=title"
        ),
        24,
    ),
    "knowledge_item_page": (lambda p: p.items[-1].url, 27),
    "organisation_library_section": (lambda p: p.organisations[0].library_section.url, 22),
    "partner_directory": (lambda p: "/partneri/", 15),
    "partner_directory_filtered": (
        lambda p: "/partneri/?kind=municipality&stage=treninkove&target_group=ubytovny",
        15,
    ),
    "organisation_page": (lambda p: p.organisations[0].get_absolute_url(), 16),
    "news_index": (lambda p: "/aktuality/", 18),
    "project_index": (lambda p: "/projekty/", 18),
    "project_page": (lambda p: p.project_index.get_children().live().first().url, 22),
    "library_json_api": (lambda p: "/knihovna-data/api/items/?year=2016", 15),
    "library_feed": (lambda p: "/knihovna-data/feed/", 10),
    "sitemap": (lambda p: "/sitemap.xml", 20),
}
READERS = ["anonymous", "member"]


@pytest.fixture
def portal(site_tree, orgs, settings, tmp_path):
    """15 organisations and 30 library items (a fifth members-only), 12 news, 4 projects."""
    settings.MEDIA_ROOT = tmp_path / "media"
    builder = PortalBuilder(site_tree)
    builder.grow(organisations=15, items=30, news=12, projects=4)
    return builder


def _login(client, reader, orgs):
    if reader == "member":
        client.force_login(orgs.third.users["social_worker"])


def _queries(client, url) -> int:
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("reader", READERS)
def test_every_page_stays_under_its_query_cap(
    reader, client, orgs, portal, django_assert_max_num_queries
):
    # One build serves every page (building the portal is the slow part); each page still
    # gets its own cap and a failure names the page.
    _login(client, reader, orgs)
    for page, (url_of, cap) in PAGES.items():
        url = url_of(portal)
        client.get(url)
        try:
            with django_assert_max_num_queries(cap):
                response = client.get(url)
        except pytest.fail.Exception as exceeded:
            pytest.fail(f"{page} ({url}) as {reader}: {exceeded}")
        assert response.status_code == 200, page


def test_no_page_runs_more_queries_after_the_portal_doubles(client, orgs, portal):
    _login(client, "member", orgs)
    before = {page: _queries(client, url_of(portal)) for page, (url_of, _) in PAGES.items()}

    portal.add_organisations(15)
    portal.add_items(25, organisation=portal.organisations[0])
    portal.add_items(10)
    portal.add_news(12)
    portal.add_projects(4)
    after = {page: _queries(client, url_of(portal)) for page, (url_of, _) in PAGES.items()}

    grew = {page: (before[page], after[page]) for page in PAGES if after[page] != before[page]}
    assert not grew, f"query count changed with more rows (before, after): {grew}"
