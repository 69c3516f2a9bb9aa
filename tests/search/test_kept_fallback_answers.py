"""The database fallback's answers are kept like the engine's (search.answers): by
request, reader class, backend and glossary, until the database copy changes. A second
reader of the same words costs no search of the copy, a non-member never gets a member's
answer, and a publish, an unpublish or a rebuild of the copy shows on the next search."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search import selectors
from search.rebuild import rebuild_database
from search.selectors import search_content

# the database answers (no search URL), with the cache on
pytestmark = pytest.mark.usefixtures("page_cache_on", "database_search")

SECRET = "Interní postup kazuistické skupiny"


@pytest.fixture
def copy_searches(searches_of):
    """How many searches read the database copy."""
    return searches_of(selectors.database_backend)


def titles(user, query):
    results = search_content(user, query=query)
    assert results.backend == "database"
    return [hit.title for hit in results.hits]


def test_a_second_reader_of_the_same_words_does_not_search_the_copy(publish, orgs, copy_searches):
    publish(title="Veřejná metodika kazuistické skupiny")
    first = titles(orgs.sender.users["social_worker"], "kazuisticke skupiny")
    second = titles(orgs.receiver.users["case_reviewer"], "kazuisticke skupiny")
    assert first == second == ["Veřejná metodika kazuistické skupiny"]
    assert len(copy_searches) == 1
    search_content(orgs.receiver.users["case_reviewer"], query="kazuisticke skupiny", page=2)
    assert len(copy_searches) == 2


def test_a_non_member_never_gets_a_members_answer(publish, orgs, copy_searches):
    publish(title="Veřejná metodika kazuistické skupiny")
    publish(title=SECRET, visibility="members")
    assert SECRET in titles(orgs.sender.users["social_worker"], "kazuisticke skupiny")
    assert SECRET not in titles(AnonymousUser(), "kazuisticke skupiny")
    assert SECRET not in titles(AnonymousUser(), "kazuisticke skupiny")
    assert SECRET in titles(orgs.receiver.users["editor"], "kazuisticke skupiny")
    assert len(copy_searches) == 2


def test_a_publish_and_an_unpublish_show_on_the_next_search(publish, index_now, copy_searches):
    assert titles(AnonymousUser(), "nizkoprahove bydleni") == []
    item = publish(title="Pilotní ověření nízkoprahového bydlení")
    assert titles(AnonymousUser(), "nizkoprahove bydleni") == [
        "Pilotní ověření nízkoprahového bydlení"
    ]
    with index_now():
        item.unpublish()
    assert titles(AnonymousUser(), "nizkoprahove bydleni") == []
    assert len(copy_searches) == 3


def test_a_rebuild_of_the_copy_replaces_the_kept_answers(publish, copy_searches):
    publish(title="Pravidla nájemného v sociálních bytech")
    assert titles(AnonymousUser(), "pravidla najemneho")
    rebuild_database()
    assert titles(AnonymousUser(), "pravidla najemneho")
    assert len(copy_searches) == 2


def test_the_engines_answer_is_not_the_fallbacks(publish, copy_searches, settings):
    """Kept under the backend's name: the node's answer is never served as the copy's, nor
    the other way round (a fallback answer says it is limited)."""
    from search.answers import kept_answer
    from search.backends import SearchRequest
    from search.query import parse_query

    request = SearchRequest(query=parse_query("slovo"), members=False, filters={})
    assert kept_answer(request, lambda: "database", backend="database") == "database"
    assert kept_answer(request, lambda: "engine") == "engine"
    assert kept_answer(request, lambda: "other", backend="database") == "database"


def test_the_rendered_results_are_kept_per_class_and_backend(client, publish, orgs, copy_searches):
    publish(title="Veřejná metodika kazuistické skupiny")
    publish(title=SECRET, visibility="members")
    anonymous = [client.get("/hledat/", {"q": "kazuisticke skupiny"}) for _ in range(2)]
    for response in anonymous:
        page = response.content.decode()
        assert "Veřejná metodika" in page
        assert "Interní postup" not in page
    client.force_login(orgs.sender.users["social_worker"])
    assert "Interní postup" in client.get("/hledat/", {"q": "kazuisticke skupiny"}).content.decode()
    assert len(copy_searches) == 2
