"""The database fallback on PostgreSQL: its narrow tables, counters, counting over the
entries that do not match, and ranking (search/backends/postgres.py)."""

from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from search.backends import postgres
from search.rebuild import rebuild_database
from search.selectors import search_content
from tests.knowledge.factories import make_item

from .catalogue import WORD, database_counts, facet_counts

pytestmark = pytest.mark.search_node


def recount() -> Counter:
    """What the counters should say, counted again from the match table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT f, public, count(*) FROM portal_search_match, unnest(facets || 0) AS f "
            "GROUP BY f, public"
        )
        return Counter({(f, public): n for f, public, n in cursor.fetchall()})


def counters() -> Counter:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value_id, public, entries FROM portal_search_facet_total")
        return Counter({(f, public): n for f, public, n in cursor.fetchall() if n})


@pytest.mark.parametrize("who", ["anonymous", "member"])
@pytest.mark.parametrize("share", [0.0, 2.0], ids=["over-the-others", "over-the-matches"])
def test_both_ways_of_counting_equal_the_database(
    catalogue, orgs, database_search, monkeypatch, who, share
):
    # share 0: always count the entries that do not match and subtract from the counters
    monkeypatch.setattr(postgres, "COMPLEMENT_SHARE", share)
    user = AnonymousUser() if who == "anonymous" else orgs.third.users["social_worker"]
    results = search_content(user, query=WORD)
    assert results.backend == "database"
    expected = database_counts(user)
    assert results.total == sum(expected["kind"].values())
    assert facet_counts(results) == expected


def test_counters_follow_every_change(catalogue, orgs, database_search, index_now):
    assert counters() == recount() and recount()
    from knowledge.models import KnowledgeItemPage

    first, second = KnowledgeItemPage.objects.filter(summary__icontains=WORD)[:2]
    with index_now():
        second.unpublish()
        first.visibility = "members" if first.visibility == "public" else "public"
        first.save_revision().publish()
    assert counters() == recount()
    rebuild_database()
    assert counters() == recount()


def test_everything_browsed_without_a_query_is_counted_by_the_counters(
    catalogue, database_search, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        results = search_content(AnonymousUser())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_search_match WHERE public")
        assert results.total == cursor.fetchone()[0]


@pytest.fixture
def ranked(section, index_now):
    """`slunečnice` in a title, in a summary, and only in the bodies of three newer ones."""
    with index_now():
        make_item(section, title="Slunečnice v titulku", summary="Nic.", year=2015)
        make_item(section, title="Druhá věc", summary="Slunečnice ve shrnutí.", year=2016)
        for year in (2019, 2021, 2020):
            make_item(
                section,
                title=f"Zpráva {year}",
                summary="Bez toho slova.",
                body=f"<p>Až v textu je slunečnice, rok {year}.</p>",
                year=year,
            )


def test_title_matches_rank_first_then_body_matches_newest_first(ranked, database_search):
    results = search_content(AnonymousUser(), query="slunečnice")
    assert results.total == 5
    assert [h.title for h in results.hits] == [
        "Slunečnice v titulku",
        "Druhá věc",
        "Zpráva 2021",
        "Zpráva 2020",
        "Zpráva 2019",
    ]


@pytest.mark.parametrize("page_size", [1, 2, 3, 4])
def test_pages_cross_from_ranked_to_newest_without_gaps(ranked, database_search, page_size):
    whole = [h.title for h in search_content(AnonymousUser(), query="slunečnice").hits]
    paged = []
    for page in range(1, 6):
        results = search_content(
            AnonymousUser(), query="slunečnice", page=page, page_size=page_size
        )
        paged += [h.title for h in results.hits]
    assert paged == whole


def session_settings() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('plan_cache_mode')"
        )
        return cursor.fetchone()


def test_a_search_leaves_the_session_settings_alone(ranked, database_search, monkeypatch):
    """The statements run without sequential scans and planned for their own words; the
    connection, which serves other statements next, gets its settings back."""
    seen = []
    search_relevant = postgres.search_relevant

    def watching(*args, **kwargs):
        with postgres._cursor():
            seen.append(session_settings())
        return search_relevant(*args, **kwargs)

    monkeypatch.setattr(postgres, "search_relevant", watching)
    assert session_settings() == ("on", "auto")
    assert search_content(AnonymousUser(), query="slunečnice").total == 5
    assert seen == [("off", "force_custom_plan")]
    assert session_settings() == ("on", "auto")


def test_a_search_counts_in_a_bounded_number_of_queries(
    catalogue, orgs, database_search, django_assert_max_num_queries
):
    member = orgs.third.users["social_worker"]
    search_content(member, query=WORD)  # the membership lookup is cached per user
    # 15: the word list of the typo tolerance is read when the page cache is off (tests)
    with django_assert_max_num_queries(15):
        results = search_content(member, query=WORD)
    assert results.total == 10


@pytest.fixture
def housing_first(section, index_now):
    with index_now():
        make_item(section, title="Zpráva A", summary="Nic.", body="<p>Bydlení především.</p>")
        make_item(section, title="Zpráva B", summary="Nic.", body="<p>Model Housing First.</p>")
        make_item(section, title="Zpráva C", summary="Nic.", body="<p>Bydlení, především.</p>")
        make_item(section, title="Zpráva D", summary="Nic.", body="<p>Především bydlení.</p>")


def test_a_synonym_group_is_asked_for_by_its_token(housing_first, database_search):
    from search.backends.database import _pg_synonyms_filled
    from search.backends.matching import pg_plan, pg_synonyms
    from search.query import fallback_terms, parse_query

    parsed = parse_query("housing first")

    def _pg_match_query():
        return pg_plan(fallback_terms(parsed), [], _pg_synonyms_filled()).strict

    asked = _pg_match_query()
    assert "<->" not in asked
    assert any(token in asked for token in pg_synonyms().queries)
    tokened = search_content(AnonymousUser(), query="housing first")
    # after a change of the synonym file, until the copy is rebuilt: the phrases again
    postgres.set_synonyms_version("an older synonym file")
    assert "<->" in _pg_match_query()
    spelled = search_content(AnonymousUser(), query="housing first")
    # "Bydlení, především" is a phrase too: the comma is not a word
    assert (
        {h.title for h in tokened.hits}
        == {h.title for h in spelled.hits}
        == {
            "Zpráva A",
            "Zpráva B",
            "Zpráva C",
        }
    )
    assert tokened.total == spelled.total == 3
    assert facet_counts(tokened) == facet_counts(spelled)
    rebuild_database()
    assert postgres.synonyms_version() == pg_synonyms().version


def test_a_failed_search_raises_its_own_error_and_leaves_the_settings(ranked, database_search):
    """Inside a transaction the RESET fails too; the search's error is the one raised,
    and the rollback undoes the SET."""
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError, match="tsquery"), transaction.atomic():
        postgres.exists(postgres.Scope(members=True, filters=()), "a & & b")
    assert session_settings() == ("on", "auto")


def test_truncating_the_entries_empties_the_fallbacks_tables(catalogue, publish, database_search):
    """Django's flush truncates; no ranked row may outlive its entry."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's pending FK checks
        cursor.execute("TRUNCATE portal_search_searchentry CASCADE")
        for table in ("match", "head", "facet_total", "facet_value"):
            cursor.execute(f"SELECT count(*) FROM portal_search_{table}")  # noqa: S608
            assert cursor.fetchone()[0] == 0, table
    publish(title=f"Nová položka {WORD}")
    results = search_content(AnonymousUser(), query=WORD)
    assert (results.total, [h.title for h in results.hits]) == (1, [f"Nová položka {WORD}"])
    assert counters() == recount()
