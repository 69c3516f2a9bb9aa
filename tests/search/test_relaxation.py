"""Queries as people type them, on the real node and on the database fallback: every word
first, then most of them (relaxation); the glossary's synonym groups; "did you mean"
when few or no results hold every word. Members-only items stay out of all of it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search.query import fold
from search.selectors import search_content

pytestmark = pytest.mark.search_node


def titles(results):
    return [hit.title for hit in results.hits]


@pytest.fixture
def library(publish):
    publish(
        title="Splátkový kalendář dluhu vůči městu",
        summary="Jak s klientem sjednat splátky dluhu na nájemném.",
        body="<p>Dluh vůči městu nevadí, pokud se pravidelně splácí.</p>",
    )
    publish(
        title="Přímá úhrada nájemného",
        summary="Doplatek na bydlení hradí úřad práce přímo pronajímateli.",
    )
    publish(
        title="Krizové bydlení v Ostravě",
        summary="Byty jsou vybavené kuchyní, nastěhovat se lze okamžitě.",
        body="<p>Byty jsou vybavené základním nábytkem, nájem nejvýše šest měsíců.</p>",
    )
    publish(
        title="Interní zápis kazuistické skupiny o dluhu vůči městu",
        summary="Splátky dluhu a pravidla přechodu dolů.",
        visibility="members",
    )


# --- relaxation -----------------------------------------------------------------------


def test_a_question_with_words_no_document_holds_still_finds_the_answer(library, backend):
    """ "jak" is a stop word, "zvladnout" and "mesicne" are in no document: every word
    together finds nothing, most of them find the calendar."""
    backend.activate()
    results = search_content(
        AnonymousUser(), query="jak zvladnout splatkovy kalendar dluhu mesicne"
    )
    assert results.total >= 1
    assert titles(results)[0] == "Splátkový kalendář dluhu vůči městu"


def test_items_holding_every_word_rank_above_those_holding_most(publish, backend):
    publish(title="Nábytek do bytu", summary="Vybavení bytu nábytkem před nastěhováním.")
    publish(title="Krizový byt s nábytkem", summary="Okamžité nastěhování do vybaveného bytu.")
    publish(title="Krizová pomoc", summary="Nábytek z darů.")  # two words of four: too few
    backend.activate()
    found = titles(search_content(AnonymousUser(), query="krizovy byt nabytek nastehovani"))
    assert found == ["Krizový byt s nábytkem", "Nábytek do bytu"]


def test_two_words_are_not_relaxed_while_both_find_something(library, backend):
    backend.activate()
    found = titles(search_content(AnonymousUser(), query="krizove vybavene"))
    assert found == ["Krizové bydlení v Ostravě"]


def test_words_that_find_nothing_together_fall_back_to_any_of_them(library, backend):
    backend.activate()
    results = search_content(AnonymousUser(), query="kuchyni xylofon")
    assert titles(results) == ["Krizové bydlení v Ostravě"]


def test_relaxation_never_shows_members_only_items_to_the_public(library, orgs, backend):
    """The members-only note holds every word; the public still sees only public items,
    and the facet counts count only those."""
    backend.activate()
    query = "kazuisticka skupina dluh vuci mestu splatky"
    public = search_content(AnonymousUser(), query=query)
    assert "Interní zápis kazuistické skupiny o dluhu vůči městu" not in titles(public)
    assert "Splátkový kalendář dluhu vůči městu" in titles(public)
    assert sum(o.count for o in public.facet("kind").options) == public.total
    member = search_content(orgs.receiver.users["social_worker"], query=query)
    assert titles(member)[0] == "Interní zápis kazuistické skupiny o dluhu vůči městu"
    assert member.total == public.total + 1


# --- the glossary -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("PnB", "Příspěvek na bydlení od úřadu práce"),  # abbreviation
        ("prispevek na najem", "Příspěvek na bydlení od úřadu práce"),  # another wording
        ("pracak", "Příspěvek na bydlení od úřadu práce"),  # colloquial, no diacritics
        ("osobni bankrot", "Oddlužení a exekuce"),  # a concept phrased unlike the document
        ("exekutor", "Oddlužení a exekuce"),
        ("bydleni predevsim", "Housing First v malém městě"),  # a translation
        ("azylak", "Odchod z azylového domu"),
    ],
)
def test_a_glossary_group_finds_its_other_terms(publish, backend, query, expected):
    publish(
        title="Příspěvek na bydlení od úřadu práce",
        summary="Kdo má nárok a jak o dávku požádat.",
    )
    publish(title="Oddlužení a exekuce", summary="Insolvenční návrh a jednání s exekutory.")
    publish(title="Housing First v malém městě", summary="Byt nejdřív, podpora potom.")
    publish(title="Odchod z azylového domu", summary="Příprava rodiny na samostatné bydlení.")
    publish(title="Metodika tréninkového bydlení", summary="Tréninkové bydlení v obecních bytech.")
    backend.activate()
    assert expected in titles(search_content(AnonymousUser(), query=query))[:2]


def test_housing_first_is_not_a_synonym_of_housing_ready(publish, backend):
    """A false friend kept apart: the two approaches are compared, not equated."""
    publish(title="Housing Ready v Kadani", summary="Každý stupeň si domácnost zaslouží.")
    publish(title="Housing First v Ostravě", summary="Byt nejdřív, podpora potom.")
    backend.activate()
    found = titles(search_content(AnonymousUser(), query="bydleni predevsim"))
    assert found == ["Housing First v Ostravě"]


# --- did you mean ----------------------------------------------------------------------


def test_a_typo_that_finds_nothing_gets_a_suggestion(library, backend):
    backend.activate()
    results = search_content(AnonymousUser(), query="splatkovy kalendrar")
    assert "kalendar" in fold(results.suggestion)


def test_few_results_also_get_a_suggestion(library, backend):
    """The typo is forgiven or dropped, so something is found, but not with every word:
    the corrected query is offered too."""
    backend.activate()
    results = search_content(AnonymousUser(), query="krizove byty ostrave nabytkem vibavene")
    assert results.total >= 1
    assert "vybaven" in fold(results.suggestion)


def test_no_suggestion_when_every_word_finds_enough(publish, backend):
    for n in range(3):
        publish(title=f"Krizové bydlení {n}", summary="Krizové bydlení s nábytkem.")
    backend.activate()
    assert search_content(AnonymousUser(), query="krizove bydleni").suggestion == ""


def test_a_suggestion_never_draws_on_members_only_words(library, orgs, backend):
    backend.activate()
    public = search_content(AnonymousUser(), query="kazuisticke skupyny")
    assert "skupiny" not in public.suggestion  # only the members-only note has the word
    member = search_content(orgs.receiver.users["social_worker"], query="kazuisticke skupyny")
    assert "skupiny" in member.suggestion


def test_the_results_page_offers_the_suggestion(library, backend):
    from django.test import Client

    backend.activate()
    page = Client().get("/hledat/", {"q": "splatkovy kalendrar"}).content.decode()
    assert 'class="did-you-mean"' in page
    assert "kalend" in page.split('class="did-you-mean"', 1)[1].split("</p>", 1)[0]
