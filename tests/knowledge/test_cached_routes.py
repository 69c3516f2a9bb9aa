"""A Wagtail page's route (the site, the page's id and type, its view restrictions) is
kept by content version (core.routing), never by reader: a second member's request for an
item reads the item by its key, not the page tree nor the restrictions, and every change
of the tree, a page's publication or a view restriction shows on the next request, while
the reader's own checks (members-only items, login and group restrictions) still run on
every request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.knowledge.conftest import MEMBERS_ITEM_TITLE, PUBLIC_ITEM_TITLE

pytestmark = pytest.mark.usefixtures("page_cache_on")

WAGTAIL_TABLES = ("wagtailcore_page", "wagtailcore_site", "wagtailcore_pageviewrestriction")


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


def _reads_tree(sqls) -> list[str]:
    return [sql for sql in sqls if any(f'"{table}"' in sql for table in WAGTAIL_TABLES)]


def test_a_second_member_reads_an_item_without_the_page_tree(client, orgs, library_content):
    url = library_content.public_item.url
    first, first_sqls = _get(client, orgs.third.users["social_worker"], url)
    second, second_sqls = _get(client, orgs.receiver.users["case_reviewer"], url)
    assert first.status_code == second.status_code == 200
    assert len(_reads_tree(first_sqls)) > 1
    # The item by its primary key: no site, no walk of the tree, no restrictions.
    (page_read,) = _reads_tree(second_sqls)
    assert '"wagtailcore_site"' not in page_read
    assert '"wagtailcore_pageviewrestriction"' not in page_read
    assert '"page_ptr_id" = ' in page_read
    # With it only the session, the user and the memberships (a fresh login also
    # writes its session's activity).
    assert len([sql for sql in second_sqls if sql.startswith("SELECT")]) <= 4
    assert PUBLIC_ITEM_TITLE in second.content.decode()
    assert MEMBERS_ITEM_TITLE in second.content.decode()


def test_a_members_only_item_stays_closed_to_a_non_member_after_a_member_read_it(
    client, orgs, readers, library_content
):
    url = library_content.members_item.url
    member, _ = _get(client, orgs.third.users["social_worker"], url)
    assert member.status_code == 200
    outsider, _ = _get(client, readers["user_of_non_member_organisation"], url)
    assert outsider.status_code == 404
    anonymous, _ = _get(client, None, url)
    assert anonymous.status_code == 404


def test_unpublishing_and_deleting_show_on_the_next_request(client, orgs, library_content):
    member = orgs.third.users["social_worker"]
    item = library_content.public_item
    url = item.url
    assert _get(client, member, url)[0].status_code == 200
    item.unpublish()
    assert _get(client, member, url)[0].status_code == 404
    item.save_revision().publish()
    assert _get(client, member, url)[0].status_code == 200
    item.delete()
    assert _get(client, member, url)[0].status_code == 404


def test_a_moved_page_answers_at_its_new_url_only(client, orgs, library_content):
    member = orgs.third.users["social_worker"]
    item = library_content.public_item
    old_url = item.url
    assert _get(client, member, old_url)[0].status_code == 200
    item.slug = "presunuta-metodika"
    item.save_revision().publish()
    item.refresh_from_db()
    assert item.url != old_url
    assert _get(client, member, old_url)[0].status_code == 404
    response, _ = _get(client, member, item.url)
    assert response.status_code == 200
    assert PUBLIC_ITEM_TITLE in response.content.decode()


def test_a_draft_is_never_routed(client, orgs, library_content):
    member = orgs.third.users["social_worker"]
    draft_url = "/knihovna/" + orgs.sender.organisation.slug + "/rozpracovany-koncept/"
    assert _get(client, member, draft_url)[0].status_code == 404
    assert _get(client, member, draft_url)[0].status_code == 404


def test_a_view_restriction_added_later_is_enforced_on_the_next_request(
    client, orgs, library_content
):
    member = orgs.third.users["social_worker"]
    url = library_content.public_item.url
    assert _get(client, member, url)[0].status_code == 200
    allowed = Group.objects.create(name="Smí číst sekci")
    restriction = PageViewRestriction.objects.create(
        page=orgs.sender.organisation.library_section,
        restriction_type=PageViewRestriction.GROUPS,
    )
    restriction.groups.set([allowed])
    # Twice: the first request stores the route with its restriction, the second reads it.
    for _ in range(2):
        response, _ = _get(client, member, url)
        assert response.status_code != 200
        assert PUBLIC_ITEM_TITLE not in response.content.decode()
    member.groups.add(allowed)
    for _ in range(2):
        response, _ = _get(client, member, url)
        assert response.status_code == 200
    anonymous, _ = _get(client, None, url)
    assert anonymous.status_code == 302
    restriction.delete()
    assert _get(client, None, url)[0].status_code == 200


def test_without_the_content_cache_every_request_walks_the_tree(
    client, orgs, library_content, settings
):
    settings.PORTAL_CONTENT_CACHE = False
    url = library_content.public_item.url
    _get(client, orgs.third.users["social_worker"], url)
    response, sqls = _get(client, orgs.receiver.users["case_reviewer"], url)
    assert response.status_code == 200
    assert len(_reads_tree(sqls)) > 1
