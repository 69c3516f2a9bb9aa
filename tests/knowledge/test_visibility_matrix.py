"""Members-only knowledge, generated as a matrix: every surface × every kind of reader.

A surface reports whether the members-only case study (or its file) showed, and a control:
the public methodology (or its file) on the same surface, so a broken page cannot pass for
a well-hidden item.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.knowledge.conftest import (
    MEMBER_READERS,
    MEMBERS_ITEM_TITLE,
    NON_MEMBER_READERS,
    PUBLIC_ITEM_TITLE,
)


@dataclass(frozen=True)
class Seen:
    members_item: bool
    public_control: bool


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _titles_in(text: str) -> Seen:
    return Seen(members_item=MEMBERS_ITEM_TITLE in text, public_control=PUBLIC_ITEM_TITLE in text)


def _api_titles(client, query: str = "") -> Seen:
    response = client.get(f"/knihovna-data/api/items/{query}")
    assert response.status_code == 200
    titles = [result["title"] for result in json.loads(response.content)["results"]]
    return Seen(MEMBERS_ITEM_TITLE in titles, PUBLIC_ITEM_TITLE in titles)


def _page_status(client, content) -> Seen:
    members = client.get(content.members_item.url)
    public = client.get(content.public_item.url)
    assert members.status_code in (200, 404)
    return Seen(
        members_item=members.status_code == 200 and MEMBERS_ITEM_TITLE in members.content.decode(),
        public_control=public.status_code == 200,
    )


def _document_served(client, document, control) -> Seen:
    response = client.get(document.url)
    assert response.status_code in (200, 404)
    served = response.status_code == 200 and b"".join(response.streaming_content).startswith(
        b"%PDF"
    )
    return Seen(members_item=served, public_control=client.get(control.url).status_code == 200)


def _sitemap(client, content) -> Seen:
    text = _html(client, "/sitemap.xml")
    return Seen(
        members_item=content.members_item.slug in text,
        public_control=content.public_item.slug in text,
    )


SURFACES: dict[str, tuple[Callable, bool]] = {
    # name: (observe(client, content) -> Seen, whether members see the item there)
    "library_listing": (lambda c, _: _titles_in(_html(c, "/knihovna/")), True),
    "library_listing_filtered_by_organisation_and_year": (
        lambda c, _: _titles_in(_html(c, "/knihovna/?organisation=azylovy-dum&year=2017")),
        True,
    ),
    "library_search_words": (
        lambda c, _: _titles_in(_html(c, "/knihovna/?q=tr%C3%A9ninkov%C3%A9ho&order=title")),
        True,
    ),
    "item_page": (_page_status, True),
    "organisation_library_section": (
        lambda c, _: _titles_in(_html(c, "/knihovna/azylovy-dum/")),
        True,
    ),
    "partner_page": (lambda c, _: _titles_in(_html(c, "/partneri/azylovy-dum/")), True),
    "home_page_new_in_library": (lambda c, _: _titles_in(_html(c, "/")), True),
    "related_items_of_public_item": (
        lambda c, content: Seen(
            members_item=MEMBERS_ITEM_TITLE in _html(c, content.public_item.url),
            public_control=PUBLIC_ITEM_TITLE in _html(c, content.public_item.url),
        ),
        True,
    ),
    "json_api": (lambda c, _: _api_titles(c), True),
    "json_api_filtered": (lambda c, _: _api_titles(c, "?organisation=azylovy-dum&year=2017"), True),
    "document_of_members_item": (
        lambda c, content: _document_served(c, content.members_document, content.public_document),
        True,
    ),
    "document_of_both_public_and_members_item": (
        lambda c, content: _document_served(c, content.shared_document, content.public_document),
        True,
    ),
    # Feed readers and search engines are anonymous: members-only items never go there.
    "rss_feed": (lambda c, _: _titles_in(_html(c, "/knihovna-data/feed/")), False),
    "sitemap": (_sitemap, False),
}


@pytest.mark.parametrize("reader", NON_MEMBER_READERS)
@pytest.mark.parametrize("surface", SURFACES)
def test_non_member_never_sees_members_only_item(surface, reader, library_content, client_as):
    observe, _members_see = SURFACES[surface]
    seen = observe(client_as(reader), library_content)
    assert seen.public_control, f"{surface} does not even show the public item to {reader}"
    assert not seen.members_item, f"{surface} leaks the members-only item to {reader}"


@pytest.mark.parametrize("reader", MEMBER_READERS)
@pytest.mark.parametrize("surface", SURFACES)
def test_member_sees_members_only_item_where_members_should(
    surface, reader, library_content, client_as
):
    observe, members_see = SURFACES[surface]
    seen = observe(client_as(reader), library_content)
    assert seen.public_control
    assert seen.members_item is members_see
