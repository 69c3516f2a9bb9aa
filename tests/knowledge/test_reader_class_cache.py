"""Parts of the logged-in library, item, partner and home pages are cached by the reader's
visibility class (public / member / one organisation's members), never by user, under the
page cache's content version: a second member reads them without the listing's queries,
a non-member never gets a member's fragment, and a publish shows on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.selectors import visibility_class
from tests.knowledge.conftest import MEMBERS_ITEM_TITLE, PUBLIC_ITEM_TITLE
from tests.knowledge.factories import make_item

pytestmark = pytest.mark.usefixtures("page_cache_on")


def _get(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _results(content: str) -> str:
    start = content.index('<section aria-labelledby="results-heading">')
    return content[start : content.index("</section>", start)]


def test_visibility_classes(orgs, readers):
    member = orgs.third.users["social_worker"]
    assert visibility_class(None) == "public"
    assert visibility_class(readers["user_of_non_member_organisation"]) == "public"
    assert visibility_class(member) == "member"
    assert (
        visibility_class(member, orgs.third.organisation)
        == f"organisation-{orgs.third.organisation.pk}"
    )
    assert visibility_class(member, orgs.sender.organisation) == "member"


def test_second_member_reads_the_library_results_from_the_cache(
    client, orgs, site_tree, library_content
):
    url = site_tree.library.url
    first, first_queries = _get(client, orgs.third.users["social_worker"], url)
    second, second_queries = _get(client, orgs.receiver.users["case_reviewer"], url)
    assert MEMBERS_ITEM_TITLE in _results(first)
    assert _results(second) == _results(first)
    assert second_queries < first_queries


def test_a_non_member_never_gets_the_members_fragment(
    client, orgs, site_tree, readers, library_content
):
    _get(client, orgs.third.users["social_worker"], site_tree.library.url)
    _get(client, orgs.third.users["social_worker"], library_content.public_item.url)
    outsider = readers["user_of_non_member_organisation"]
    library, _ = _get(client, outsider, site_tree.library.url)
    item, _ = _get(client, outsider, library_content.public_item.url)
    assert PUBLIC_ITEM_TITLE in library
    assert MEMBERS_ITEM_TITLE not in library
    # The public item's related members-only case study is listed for members only.
    assert MEMBERS_ITEM_TITLE not in item


def test_a_publish_shows_on_the_next_request(client, orgs, site_tree, library_content):
    member = orgs.third.users["social_worker"]
    _get(client, member, site_tree.library.url)
    _get(client, member, site_tree.home.url)
    make_item(orgs.sender.organisation.library_section, title="Čerstvě publikovaná metodika")
    library, _ = _get(client, member, site_tree.library.url)
    home, _ = _get(client, member, site_tree.home.url)
    partner, _ = _get(client, member, orgs.sender.organisation.get_absolute_url())
    for content in (library, home, partner):
        assert "Čerstvě publikovaná metodika" in content


def test_the_item_page_of_a_member_is_cached_by_class(client, orgs, library_content):
    url = library_content.public_item.url
    first, first_queries = _get(client, orgs.third.users["social_worker"], url)
    second, second_queries = _get(client, orgs.receiver.users["social_worker"], url)
    assert MEMBERS_ITEM_TITLE in first and MEMBERS_ITEM_TITLE in second
    assert second_queries < first_queries
