"""Czech analysis on the real node (and, where the fallback promises it, the database)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search.selectors import autocomplete_titles, search_content

pytestmark = pytest.mark.search_node


def titles(results):
    return [hit.title for hit in results.hits]


def find(query, user=None, **kwargs):
    return search_content(user or AnonymousUser(), query=query, **kwargs)


@pytest.fixture
def library(publish):
    return {
        "training": publish(
            title="Metodika tréninkového bydlení",
            summary="Jak nastavit tréninkové bydlení v obecních bytech a kdo o nájmu rozhoduje.",
            body="<p>Klíčový sociální pracovník navštěvuje domácnost alespoň jednou týdně.</p>",
        ),
        "debts": publish(
            title="Splátkové kalendáře dluhů vůči městu",
            summary="Jak sjednat splátky dluhů na nájemném a kdy je dluh překážkou vstupu.",
            kind="good_practice",
        ),
        "shelter": publish(
            title="Odchod z azylového domu do vlastního nájmu",
            summary="Kazuistika rodiny se dvěma dětmi.",
            kind="case_study",
            anonymised_confirmed=True,
        ),
        "agency": publish(
            title="Městská nájemní agentura v Přerově",
            summary="Obec pronajímá byty od soukromých vlastníků a podnajímá je domácnostem.",
            kind="analysis",
        ),
        "hf": publish(
            title="Housing First pro lidi bez domova",
            summary="Byt nejdřív, podpora potom: výsledky pilotního projektu.",
            kind="evaluation",
        ),
        "phrase": publish(
            title="Sociální práce v bydlení",
            summary="Bydlení podporované službou; nejde o sociální bydlení v užším smyslu.",
            kind="methodology",
        ),
    }


def test_czech_stemming_finds_other_cases_of_a_word(library):
    assert "Splátkové kalendáře dluhů vůči městu" in titles(find("dluh"))
    assert "Splátkové kalendáře dluhů vůči městu" in titles(find("splátkový kalendář"))
    assert "Odchod z azylového domu do vlastního nájmu" in titles(find("azylový dům"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bydleni", "Metodika tréninkového bydlení"),
        ("treninkove", "Metodika tréninkového bydlení"),
        ("treninkoveho bydleni", "Metodika tréninkového bydlení"),
        ("mestska najemni agentura", "Městská nájemní agentura v Přerově"),
        ("azylovy dum", "Odchod z azylového domu do vlastního nájmu"),
    ],
)
def test_query_without_diacritics_finds_accented_text(library, backend, query, expected):
    backend.activate()
    results = find(query)
    assert results.backend == backend.name
    assert expected in titles(results)


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("metodika treninkoveho bydlnei", "Metodika tréninkového bydlení"),
        ("splatkove kalendre", "Splátkové kalendáře dluhů vůči městu"),
        ("najemni agentrua", "Městská nájemní agentura v Přerově"),
    ],
)
def test_typos_are_tolerated(library, typo, expected):
    assert titles(find(typo))[:1] == [expected]


def test_czech_stop_words_do_not_have_to_match(library):
    assert "Splátkové kalendáře dluhů vůči městu" in titles(find("dluhy a splátky"))


def test_quoted_phrase_needs_the_words_together(library, backend):
    backend.activate()
    found = titles(find('"tréninkové bydlení"'))
    assert found == ["Metodika tréninkového bydlení"]
    # both words occur in "Sociální práce v bydlení", but never next to each other there
    loose = titles(find('"sociální bydlení"'))
    assert "Sociální práce v bydlení" in loose  # "...o sociální bydlení v užším smyslu"
    assert "Metodika tréninkového bydlení" not in loose
    assert "Odchod z azylového domu do vlastního nájmu" not in titles(find('"sociální práce"'))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("TB", "Metodika tréninkového bydlení"),
        ("azylák", "Odchod z azylového domu do vlastního nájmu"),
        ("MNA", "Městská nájemní agentura v Přerově"),
        ("mna prerov", "Městská nájemní agentura v Přerově"),
        ("HF", "Housing First pro lidi bez domova"),
    ],
)
def test_domain_synonyms_from_the_data_file(library, backend, query, expected):
    backend.activate()
    assert expected in titles(find(query))


def test_title_match_outranks_body_match(publish, backend):
    publish(
        title="Výroční zpráva partnerství",
        summary="Přehled činností za rok.",
        body="<p>Součástí zprávy je i kapitola o kazuistické skupině a jejích jednáních.</p>",
    )
    publish(
        title="Jednací řád kazuistické skupiny",
        summary="Kdo skupinu svolává a jak hlasuje.",
    )
    backend.activate()
    assert titles(find("kazuistická skupina"))[0] == "Jednací řád kazuistické skupiny"


def test_highlight_marks_the_matched_words(library, backend):
    backend.activate()
    hit = find("bydleni")
    hit = next(h for h in hit.hits if h.title == "Metodika tréninkového bydlení")
    assert "<mark>bydlení</mark>" in hit.title_html
    assert "<mark>bydlení</mark>" in hit.snippet_html


def test_highlight_of_a_stemmed_word_in_the_body(library):
    results = find("socialni pracovnik")
    hit = next(h for h in results.hits if h.title == "Metodika tréninkového bydlení")
    assert "<mark>" in hit.snippet_html


def test_indexed_markup_is_escaped_in_snippets(publish, backend):
    publish(
        title="Vzor smlouvy <b>o nájmu</b>", summary="<script>alert(1)</script> nájemní smlouva"
    )
    backend.activate()
    hit = find("smlouva").hits[0]
    assert "<script>" not in hit.snippet_html
    assert "<b>" not in hit.title_html


def test_did_you_mean_when_nothing_matches(library, backend):
    backend.activate()
    results = find("detodika")  # the first letter is wrong: beyond the engine's fuzziness
    if backend.name == "engine":
        assert results.total == 0
    assert results.suggestion == "metodika"


def test_no_suggestion_without_visible_matches(publish, orgs):
    publish(title="Interní zápis z porady", summary="Zápis.", visibility="members")
    results = find("ynterní")
    assert results.total == 0
    assert results.suggestion == ""  # the word exists only in members-only content
    member = orgs.receiver.users["social_worker"]
    assert find("ynterní", user=member).suggestion == "interní"


def test_autocomplete_suggests_titles_by_their_beginning(library, backend):
    backend.activate()
    suggestions = [s.title for s in autocomplete_titles(AnonymousUser(), prefix="metod")]
    assert suggestions[0] == "Metodika tréninkového bydlení"
    without_accents = [s.title for s in autocomplete_titles(AnonymousUser(), prefix="mestska na")]
    assert without_accents == ["Městská nájemní agentura v Přerově"]
    assert autocomplete_titles(AnonymousUser(), prefix="m") == []


def test_search_covers_every_kind_of_content(library, orgs, site_tree, index_now):
    from datetime import date

    from cms.models import NewsIndexPage, NewsPage, ProjectIndexPage, ProjectPage, StandardPage
    from tests.partners.factories import ProgrammeFactory

    with index_now():
        news_index = site_tree.home.add_child(instance=NewsIndexPage(title="Aktuality"))
        news = NewsPage(
            title="Kulatý stůl k prostupnému bydlení",
            date=date(2024, 5, 2),
            summary="Pozvánka na kulatý stůl.",
        )
        news_index.add_child(instance=news)
        news.save_revision().publish()
        projects = site_tree.home.add_child(instance=ProjectIndexPage(title="Projekty"))
        project = ProjectPage(
            title="Prostupné bydlení Kadaň",
            summary="Projekt obce.",
            period_start=date(2018, 1, 1),
            lead_organisation=orgs.receiver.organisation,
        )
        projects.add_child(instance=project)
        project.save_revision().publish()
        page = StandardPage(title="O prostupném bydlení", intro="Co je prostupné bydlení.")
        site_tree.home.add_child(instance=page)
        page.save_revision().publish()
        ProgrammeFactory(
            organisation=orgs.receiver.organisation,
            name="Prostupné bydlení – vstupní byty",
            slug="vstupni-byty",
        )
    results = find("prostupne bydleni")
    kinds = {hit.content_type for hit in results.hits}
    assert kinds >= {"news", "project", "page", "programme"}
    orgs_found = find("Statutární město Přerov")
    assert "organisation" in {hit.content_type for hit in orgs_found.hits}
