"""The search page as a reader and a crawler meet it (issue 17): HEAD is answered like
GET, the page has one search landmark, and the operators' notice about the database
fallback is shown to operators only."""

import re

import pytest
from django.test import Client

from core.access import SECRETARIAT_GROUP

pytestmark = pytest.mark.search_node


@pytest.fixture
def content(publish):
    publish(title="Metodika tréninkového bydlení", summary="Tréninkové bydlení v obecních bytech.")


def test_head_is_answered_like_get(content):
    client = Client()
    for path in ("/hledat/", "/hledat/?q=bydleni", "/hledat/naseptavac/?q=bydl"):
        head = client.head(path)
        assert head.status_code == 200, path
        assert head.content == b""
        assert head["Content-Type"] == client.get(path)["Content-Type"]


def test_the_search_page_has_one_search_landmark_with_a_unique_name(content):
    html = Client().get("/hledat/", {"q": "bydleni"}).content.decode()
    landmarks = re.findall(r"<form[^>]*role=\"search\"[^>]*>", html)
    assert len(landmarks) == 1
    assert 'id="search-q"' in html
    # The autocomplete still runs on the page's own box.
    assert "search-autocomplete.js" in html
    other = Client().get("/knihovna-neexistuje/").content.decode()
    assert len(re.findall(r"role=\"search\"", other)) == 1  # the header's box elsewhere


def notice_shown(client) -> bool:
    html = client.get("/hledat/", {"q": "bydleni"}).content.decode()
    assert html.count('class="search-hit"') == 1  # the results are there either way
    return "search-notice" in html


def test_the_fallback_notice_is_for_operators_only(content, settings, orgs, moderator):
    settings.ELASTICSEARCH_URL = None  # the database answers: results are "limited"
    assert not notice_shown(Client())
    member = Client()
    member.force_login(orgs.sender.users["social_worker"])
    assert not notice_shown(member)
    secretariat = Client()
    assert moderator.groups.filter(name=SECRETARIAT_GROUP).exists()
    secretariat.force_login(moderator)
    assert notice_shown(secretariat)
