"""The engine's answers are kept by request and reader class (member of the coalition or
not, never the user) until the index changes (search.answers): a second reader of the
same words costs no engine request, a non-member never gets a member's answer, and a
publish, an unpublish or a rebuild shows on the next search."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search import selectors
from search.selectors import search_content

pytestmark = [pytest.mark.search_node, pytest.mark.usefixtures("page_cache_on")]

SECRET = "Interní postup kazuistické skupiny"


@pytest.fixture
def engine_requests(searches_of):
    """How many searches reached the engine."""
    return searches_of(selectors.engine_backend)


def titles(user, query):
    return [hit.title for hit in search_content(user, query=query).hits]


def test_a_second_reader_of_the_same_words_is_answered_without_the_engine(
    publish, orgs, engine_requests
):
    publish(title="Veřejná metodika kazuistické skupiny", visibility="public")
    first = titles(orgs.sender.users["social_worker"], "kazuisticke skupiny")
    second = titles(orgs.receiver.users["case_reviewer"], "kazuisticke skupiny")
    assert first == second == ["Veřejná metodika kazuistické skupiny"]
    assert len(engine_requests) == 1
    # Another page of the same words is another answer.
    search_content(orgs.receiver.users["case_reviewer"], query="kazuisticke skupiny", page=2)
    assert len(engine_requests) == 2


def test_a_non_member_never_gets_a_members_answer(publish, orgs, engine_requests):
    publish(title="Veřejná metodika kazuistické skupiny", visibility="public")
    publish(title=SECRET, visibility="members")
    member = titles(orgs.sender.users["social_worker"], "kazuisticke skupiny")
    assert SECRET in member
    assert SECRET not in titles(AnonymousUser(), "kazuisticke skupiny")
    assert len(engine_requests) == 2
    # The anonymous answer is kept for the public class, the members' for members.
    assert SECRET not in titles(AnonymousUser(), "kazuisticke skupiny")
    assert SECRET in titles(orgs.receiver.users["editor"], "kazuisticke skupiny")
    assert len(engine_requests) == 2


def test_a_publish_and_an_unpublish_show_on_the_next_search(publish, index_now, engine_requests):
    assert titles(AnonymousUser(), "nizkoprahove bydleni") == []
    item = publish(title="Pilotní ověření nízkoprahového bydlení")
    assert titles(AnonymousUser(), "nizkoprahove bydleni") == [
        "Pilotní ověření nízkoprahového bydlení"
    ]
    with index_now():
        item.unpublish()
    assert titles(AnonymousUser(), "nizkoprahove bydleni") == []
    assert len(engine_requests) == 3


def test_a_rebuild_replaces_the_kept_answers(publish, rebuild, engine_requests):
    publish(title="Pravidla nájemného v sociálních bytech")
    assert titles(AnonymousUser(), "pravidla najemneho") == [
        "Pravidla nájemného v sociálních bytech"
    ]
    rebuild()
    assert titles(AnonymousUser(), "pravidla najemneho") == [
        "Pravidla nájemného v sociálních bytech"
    ]
    assert len(engine_requests) == 2


def test_without_the_content_cache_every_search_asks_the_engine(
    publish, orgs, engine_requests, settings
):
    settings.PORTAL_CONTENT_CACHE = False
    publish(title="Veřejná metodika kazuistické skupiny")
    for _ in range(2):
        titles(AnonymousUser(), "kazuisticke skupiny")
    assert len(engine_requests) == 2


def test_a_members_answer_is_kept_only_under_the_members_keys(client, publish, orgs):
    """Members-only titles reach the cache only under keys of the members' class (the
    answer and its rendering), which no other reader's request reads."""
    from django.core.cache import cache

    publish(title=SECRET, visibility="members")
    client.force_login(orgs.sender.users["social_worker"])
    # The searched words are marked in the title: look for the rest of it.
    assert "Interní postup" in client.get("/hledat/", {"q": "kazuisticke skupiny"}).content.decode()
    client.logout()
    page = client.get("/hledat/", {"q": "kazuisticke skupiny"}).content.decode()
    assert "Interní postup" not in page
    # locmem keeps pickles: the title's bytes appear as they are.
    needle = SECRET.encode()
    holding = [key for key, value in cache._cache.items() if needle in value]
    assert holding
    assert all(":member:" in key for key in holding), holding
