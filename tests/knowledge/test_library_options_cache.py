"""The library filter's database-backed options (topics, target groups, stages,
organisations with items) are cached under the content version: the next page after a
change shows it, and a submitted value is still checked against the database."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.cache import invalidate
from tests.knowledge.factories import make_item

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def organisation_options(html: str) -> list[str]:
    select = re.search(r'<select name="organisation".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)[1:]


def test_options_are_cached_and_follow_the_library(client, orgs):
    third = orgs.third.organisation
    make_item(third.library_section, title="Metodika tréninkového bydlení", slug="m1")
    # A member: the page itself is never taken from the page cache.
    client.force_login(orgs.third.users["social_worker"])
    client.get("/knihovna/?kind=analysis")  # the session and the site are read by now
    invalidate()  # a new content version: the options are read again
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get("/knihovna/")
    assert organisation_options(first.content.decode()) == [third.slug]
    with CaptureQueriesContext(connection) as second_queries:
        second = client.get("/knihovna/")
    assert organisation_options(second.content.decode()) == [third.slug]
    # topics, target groups, stages and organisations, and the results (the total, the
    # page's ids and its items, a fragment cached by visibility class): read once; and the
    # route (core.routing: the site, the root, the library and its specific page, the
    # ancestors and their restrictions), kept, so the next request reads only the page
    # by its key
    assert len(first_queries) - len(second_queries) == 4 + 3 + (6 - 1)

    sender = orgs.sender.organisation
    make_item(sender.library_section, title="Odchod z azylového domu", slug="m2")
    assert sorted(organisation_options(client.get("/knihovna/").content.decode())) == sorted(
        [third.slug, sender.slug]
    )


def test_a_submitted_organisation_is_still_validated(client, orgs):
    third = orgs.third.organisation
    make_item(third.library_section, title="Metodika tréninkového bydlení", slug="m1")
    client.force_login(orgs.third.users["social_worker"])
    page = client.get("/knihovna/", {"organisation": third.slug}).content.decode()
    assert "Metodika tréninkového bydlení" in page
    # An organisation without items is not an option, cached or not.
    unknown = client.get("/knihovna/", {"organisation": orgs.receiver.organisation.slug})
    assert unknown.status_code == 200
    assert "Metodika tréninkového bydlení" in unknown.content.decode()
