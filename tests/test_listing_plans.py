# ruff: noqa: S608 - the SQL here builds test rows from constants of this module
"""Listings whose cost does not grow with the data (docs/decisions/0003-listings-at-scale.md):
the news index and the partner directory are planned as
one ordered index walk that stops after a page, with the same plan at a few thousand rows
and at ten times as many, and their pages are rendered in the same number of queries
whatever the number of rows. (The library: tests/knowledge/test_listing.py; the referral
lists: tests/referrals/test_list_plans.py; a waiting list:
tests/allocation/test_waiting_list_plan.py.)
"""

import pytest
from django.db import connection
from django.urls import reverse

from cms.models import NewsPage
from partners.models import Organisation
from partners.selectors import organisations_directory
from tests.cms.factories import NewsIndexPageFactory, NewsPageFactory
from tests.plans import analyze, assert_page_walk, clone_rows, page_queries, plan, shape

pytestmark = pytest.mark.django_db
SIZES = (3_000, 20_000)


# --- News -------------------------------------------------------------------------------


def _clone_news(news: NewsPage, n: int, first: int) -> None:
    """`n` live siblings of `news`, each with its own path, slug and date."""
    parent_path, url_path = news.path[:-4], news.url_path.rsplit("/", 2)[0] + "/"
    number = f"({first} + i)"
    clone_rows(
        NewsPage._meta.get_parent_list()[0],
        news.pk,
        n,
        {
            "path": f"'{parent_path}' || lpad(upper(to_hex(4096 + {number})), 4, '0')",
            "slug": f"'klon-' || {number}",
            "url_path": f"'{url_path}klon-' || {number} || '/'",
            "title": f"'Klon ' || {number}",
            "draft_title": f"'Klon ' || {number}",
            "translation_key": "gen_random_uuid()",
            "latest_revision_id": "NULL",
            "live_revision_id": "NULL",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cms_newspage (page_ptr_id, date, summary, body) "
            "SELECT id, date '2000-01-01' + (id % 9000), 'Klon', '' FROM wagtailcore_page "
            "WHERE slug LIKE 'klon-%%' AND id NOT IN (SELECT page_ptr_id FROM cms_newspage)"
        )
    analyze("wagtailcore_page", "cms_newspage")


def test_news_index_walks_the_date_index_at_any_size(site_tree, client):
    index = NewsIndexPageFactory(parent=site_tree.home, publish=True)
    news = NewsPageFactory(parent=index, publish=True, title="Setkání", slug="setkani")
    few, _ = page_queries(client, index.url + "?page=2")
    shapes, done = [], 0
    for size in SIZES:
        _clone_news(news, size - done, done)
        done = size
        query = NewsPage.objects.live().public().child_of(index).order_by("-date", "-pk")[:11]
        assert_page_walk(plan(query), "cms_news_newest")
        shapes.append(shape(plan(query)))
    assert shapes[0] == shapes[1]
    many, content = page_queries(client, index.url + "?page=2")
    assert "Stránka 2" in content and 'rel="next"' in content
    assert many == few


# --- Partner directory ------------------------------------------------------------------


def _clone_organisations(source: Organisation, n: int, first: int) -> None:
    number = f"({first} + i)"
    clone_rows(
        Organisation,
        source.pk,
        n,
        {
            "name": f"'Organizace ' || lpad({number}::text, 6, '0')",
            "slug": f"'organizace-' || {number}",
            "ico": "''",
        },
    )
    analyze("partners_organisation")


@pytest.mark.parametrize("filters", [{}, {"kind": "ngo"}])
def test_directory_walks_the_name_index_at_any_size(orgs, client, filters):
    url = reverse("partners:directory") + ("?kind=ngo" if filters else "")
    few, _ = page_queries(client, url)
    shapes, done = [], 0
    Organisation.objects.filter(pk=orgs.sender.organisation.pk).update(kind="ngo")
    for size in SIZES:
        _clone_organisations(orgs.sender.organisation, size - done, done)
        done = size
        assert_page_walk(
            plan(organisations_directory(**filters)[:25]), "partners_organisation_name_key"
        )
        shapes.append(shape(plan(organisations_directory(**filters)[:25])))
    assert shapes[0] == shapes[1]
    many, content = page_queries(client, url)
    assert "Organizace 000001" in content
    assert many == few
