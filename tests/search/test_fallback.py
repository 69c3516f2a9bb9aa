"""When no search URL is set or the node does not answer, the database answers: same
shape, same permissions, a visible notice."""

import time
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from search import client
from search.backends import engine
from search.models import SearchEntry
from search.selectors import autocomplete_titles, search_content

from .node import closed_port

pytestmark = pytest.mark.search_node


@pytest.fixture
def content(publish):
    publish(title="Metodika tréninkového bydlení", summary="Tréninkové bydlení v obecních bytech.")
    publish(title="Interní zápis o tréninkovém bydlení", visibility="members")
    publish(title="Dluhové poradenství", summary="Splátkový kalendář.", kind="good_practice")


def shape(value):
    """The structure of a JSON answer: keys and types, not values."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__ if value is not None else "null"


def api(**params):
    response = Client().get("/hledat/api/", params)
    assert response.status_code == 200
    return response.json()


def test_fallback_answers_with_the_same_shape_as_the_engine(content, settings):
    engine = api(q="treninkove bydleni", kind="methodology")
    settings.ELASTICSEARCH_URL = None
    database = api(q="treninkove bydleni", kind="methodology")
    assert (engine["backend"], engine["limited"]) == ("engine", False)
    assert (database["backend"], database["limited"]) == ("database", True)
    assert shape(database) == shape(engine)
    assert [r["title"] for r in database["results"]] == [r["title"] for r in engine["results"]]
    assert database["facets"]["kind"] == engine["facets"]["kind"]


def test_fallback_hits_carry_the_same_values_as_the_engines(content, settings):
    """Both backends read an entry's fields from one list (search.backends.RESULT_FIELDS):
    a field one of them did not fetch would show here as a missing date, kind or name."""
    markup = {"title_html", "snippet_html"}  # each backend highlights its own way

    def hits() -> dict[str, dict]:
        return {
            r["key"]: {k: v for k, v in r.items() if k not in markup} for r in api(q="")["results"]
        }

    engine = hits()
    settings.ELASTICSEARCH_URL = None
    database = hits()
    assert database == engine
    items = [hit for hit in engine.values() if hit["content_type"] == "knowledge"]
    assert len(items) == 2  # the members-only item stays out of both
    assert all(hit["date"] and hit["url"] and hit["organisation_name"] for hit in items)


def test_closed_port_falls_back_quickly(content, settings):
    """A reader gets the database's results at once; the notice of why they are coarser is
    for the operators (tests/search/test_page_plumbing.py)."""
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    started = time.monotonic()
    response = Client().get("/hledat/", {"q": "treninkove bydleni"})
    assert time.monotonic() - started < 5
    page = response.content.decode()
    assert response.status_code == 200
    assert "Metodika <mark>tréninkového</mark> <mark>bydlení</mark>" in page
    assert "Interní zápis" not in page  # the same permissions
    body = api(q="treninkove bydleni")
    assert (body["backend"], body["limited"], body["total"]) == ("database", True, 1)
    assert client.recently_down()


def test_a_failed_node_is_not_asked_again_for_a_while(content, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    search_content(AnonymousUser(), query="bydleni")
    assert client.recently_down()
    # Counted, not timed: the engine's backend is not even asked for a client while the
    # node is marked down (a spy around the real function).
    with mock.patch.object(engine, "connect", wraps=engine.connect) as connect:
        for _ in range(20):
            assert search_content(AnonymousUser(), query="bydleni").backend == "database"
    assert connect.call_count == 0


def test_engine_page_has_no_notice_even_for_operators(content, moderator):
    operator = Client()
    operator.force_login(moderator)
    page = operator.get("/hledat/", {"q": "treninkove bydleni"}).content.decode()
    assert "<mark>tréninkového</mark>" in page
    assert 'class="search-notice"' not in page


def test_fallback_keeps_permissions_for_members(content, orgs, database_search):
    member = orgs.third.users["social_worker"]
    titles = [h.title for h in search_content(member, query="treninkove bydleni").hits]
    assert "Interní zápis o tréninkovém bydlení" in titles
    anonymous = [h.title for h in search_content(AnonymousUser(), query="treninkove").hits]
    assert "Interní zápis o tréninkovém bydlení" not in anonymous


def test_fallback_autocomplete(content, database_search):
    titles = [s.title for s in autocomplete_titles(AnonymousUser(), prefix="treninkov")]
    assert titles == ["Metodika tréninkového bydlení"]


def test_indexing_with_the_node_down_still_fills_the_fallback(publish, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    item = publish(title="Nouzové ubytování v zimě")
    assert SearchEntry.objects.filter(key=f"page:{item.pk}").exists()
    results = search_content(AnonymousUser(), query="nouzove ubytovani")
    assert (results.backend, results.total) == ("database", 1)


def test_missing_index_falls_back(content, settings):
    from search.documents import drop_indexes

    drop_indexes()
    results = search_content(AnonymousUser(), query="treninkove bydleni")
    assert (results.backend, results.total) == ("database", 1)
