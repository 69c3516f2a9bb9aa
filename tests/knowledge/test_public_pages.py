"""`core.pages.public_pages` gives the rows of Wagtail's `public()` with the view-restricted
sections read once per content version: the library and the home page leave out a section
as soon as a restriction is put on it and show it again once the restriction is gone, and
a warm page reads no restriction at all (docs/decisions/0004, "Every page")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from core.pages import public_pages
from knowledge.models import KnowledgeItemPage
from knowledge.selectors import items_visible_to
from tests.knowledge.conftest import PUBLIC_ITEM_TITLE

pytestmark = pytest.mark.usefixtures("page_cache_on")


def _restrict(page) -> PageViewRestriction:
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def _same_as_wagtail():
    for model in (Page, KnowledgeItemPage):
        ours = list(public_pages(model.objects.live()).order_by("pk").values_list("pk", flat=True))
        wagtails = list(model.objects.live().public().order_by("pk").values_list("pk", flat=True))
        assert ours == wagtails


def test_the_same_pages_as_wagtails_public_with_and_without_restrictions(orgs, library_content):
    section = orgs.sender.organisation.library_section
    _same_as_wagtail()
    restriction = _restrict(section)
    _same_as_wagtail()
    assert library_content.public_item.pk not in public_pages(KnowledgeItemPage.objects.all())
    # A restriction deeper down, and one on a sibling of the section: still the same rows.
    _restrict(library_content.public_item)
    _restrict(orgs.third.organisation.library_section)
    _same_as_wagtail()
    restriction.delete()
    _same_as_wagtail()


def test_a_restriction_shows_on_the_next_request_and_none_is_read_while_warm(
    client, orgs, library_content
):
    member = orgs.third.users["social_worker"]
    client.force_login(member)
    assert PUBLIC_ITEM_TITLE in {item.title for item in items_visible_to(member)}
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    assert not any("wagtailcore_pageviewrestriction" in q["sql"] for q in captured)
    restriction = _restrict(orgs.sender.organisation.library_section)
    assert PUBLIC_ITEM_TITLE not in {item.title for item in items_visible_to(member)}
    restriction.delete()
    assert PUBLIC_ITEM_TITLE in {item.title for item in items_visible_to(member)}
