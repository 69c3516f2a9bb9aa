"""Both backends' answers are kept by request, reader class (member of the coalition or
not, never the user), backend and glossary until what they were read from changes
(search.answers): a second reader of the same words costs no search, a non-member never
gets a member's answer or its rendering, and a publish, an unpublish or a rebuild shows on
the next search."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search import selectors
from search.documents import ensure_index
from search.rebuild import rebuild_database, rebuild_engine
from search.selectors import search_content

pytestmark = [pytest.mark.search_node, pytest.mark.usefixtures("page_cache_on")]

SECRET = "Interní postup kazuistické skupiny"


@pytest.fixture
def searches(backend, searches_of):
    """The searches that reached the backend under test (which answers from now on, the
    engine from an empty index before anything is published)."""
    backend.activate()
    if backend.name == "engine":
        ensure_index()
        return searches_of(selectors.engine_backend)
    return searches_of(selectors.database_backend)


@pytest.fixture
def titles(backend):
    def search(user, query):
        results = search_content(user, query=query)
        assert results.backend == backend.name
        return [hit.title for hit in results.hits]

    return search


def test_a_second_reader_of_the_same_words_is_answered_without_a_search(
    publish, orgs, searches, titles
):
    publish(title="Veřejná metodika kazuistické skupiny", visibility="public")
    first = titles(orgs.sender.users["social_worker"], "kazuisticke skupiny")
    second = titles(orgs.receiver.users["case_reviewer"], "kazuisticke skupiny")
    assert first == second == ["Veřejná metodika kazuistické skupiny"]
    assert len(searches) == 1
    # Another page of the same words is another answer.
    search_content(orgs.receiver.users["case_reviewer"], query="kazuisticke skupiny", page=2)
    assert len(searches) == 2


def test_a_non_member_never_gets_a_members_answer(publish, orgs, searches, titles):
    publish(title="Veřejná metodika kazuistické skupiny", visibility="public")
    publish(title=SECRET, visibility="members")
    member = titles(orgs.sender.users["social_worker"], "kazuisticke skupiny")
    assert SECRET in member
    assert SECRET not in titles(AnonymousUser(), "kazuisticke skupiny")
    assert len(searches) == 2
    # The anonymous answer is kept for the public class, the members' for members.
    assert SECRET not in titles(AnonymousUser(), "kazuisticke skupiny")
    assert SECRET in titles(orgs.receiver.users["editor"], "kazuisticke skupiny")
    assert len(searches) == 2


def test_a_publish_and_an_unpublish_show_on_the_next_search(publish, index_now, searches, titles):
    assert titles(AnonymousUser(), "nizkoprahove bydleni") == []
    item = publish(title="Pilotní ověření nízkoprahového bydlení")
    assert titles(AnonymousUser(), "nizkoprahove bydleni") == [
        "Pilotní ověření nízkoprahového bydlení"
    ]
    with index_now():
        item.unpublish()
    assert titles(AnonymousUser(), "nizkoprahove bydleni") == []
    assert len(searches) == 3


def test_a_rebuild_replaces_the_kept_answers(backend, publish, searches, titles):
    publish(title="Pravidla nájemného v sociálních bytech")
    assert titles(AnonymousUser(), "pravidla najemneho") == [
        "Pravidla nájemného v sociálních bytech"
    ]
    rebuild_database()
    if backend.name == "engine":
        rebuild_engine()
    assert titles(AnonymousUser(), "pravidla najemneho") == [
        "Pravidla nájemného v sociálních bytech"
    ]
    assert len(searches) == 2


def test_without_the_content_cache_every_search_asks_the_backend(
    publish, searches, titles, settings
):
    settings.PORTAL_CONTENT_CACHE = False
    publish(title="Veřejná metodika kazuistické skupiny")
    for _ in range(2):
        titles(AnonymousUser(), "kazuisticke skupiny")
    assert len(searches) == 2


def test_a_members_answer_is_kept_only_under_the_members_keys(client, publish, orgs, searches):
    """Members-only titles reach the cache only under keys of the members' class (the
    answer and its rendering), which no other reader's request reads; a second reader's
    page is rendered from what is kept."""
    from django.core.cache import cache

    publish(title="Veřejná metodika kazuistické skupiny")
    publish(title=SECRET, visibility="members")
    client.force_login(orgs.sender.users["social_worker"])
    # The searched words are marked in the title: look for the rest of it.
    assert "Interní postup" in client.get("/hledat/", {"q": "kazuisticke skupiny"}).content.decode()
    client.logout()
    for _ in range(2):
        page = client.get("/hledat/", {"q": "kazuisticke skupiny"}).content.decode()
        assert "Veřejná metodika" in page
        assert "Interní postup" not in page
    assert len(searches) == 2
    # locmem keeps pickles: the title's bytes appear as they are.
    needle = SECRET.encode()
    holding = [key for key, value in cache._cache.items() if needle in value]
    assert holding
    assert all(":member:" in key for key in holding), holding


def test_the_engines_answer_is_not_the_fallbacks():
    """Kept under the backend's name: the node's answer is never served as the copy's, nor
    the other way round (a fallback answer says it is limited)."""
    from search.answers import kept_answer
    from search.backends import SearchRequest
    from search.query import parse_query

    request = SearchRequest(query=parse_query("slovo"), members=False, filters={})
    assert kept_answer(request, lambda: "database", backend="database") == "database"
    assert kept_answer(request, lambda: "engine") == "engine"
    assert kept_answer(request, lambda: "other", backend="database") == "database"
