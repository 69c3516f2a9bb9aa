"""A result's snippet is the passage that holds most of the query (summary, body or the
attachments' text), with the matched words marked, on the real node and the fallback."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search.query import fold
from search.results import best_passage, highlighted_words
from search.selectors import search_content
from tests.knowledge.factories import make_document, make_item

from .test_attachments import pdf_bytes

pytestmark = pytest.mark.search_node


def marked(snippet_html: str) -> set[str]:
    """The folded words inside <mark> in a snippet."""
    parts = str(snippet_html).split("<mark>")[1:]
    return {fold(part.split("</mark>", 1)[0]).lower() for part in parts}


def test_the_passage_with_most_query_words_wins_ties_go_to_the_earlier_field():
    summary = "Kdo \ue000platí\ue001 nájemné."
    body = "Dluh na \ue000nájemném\ue001 a \ue000splátkový\ue001 \ue000kalendář\ue001."
    assert best_passage([summary, body, ""]) == body
    assert best_passage([summary, "Jen \ue000platí\ue001.", ""]) == summary
    assert best_passage(["bez značek", ""]) == ""
    assert highlighted_words(body) == {"nájemném", "splátkový", "kalendář"}


def test_the_body_passage_wins_over_a_summary_holding_one_word(publish, backend):
    publish(
        title="Pravidla programu",
        summary="Dluh je častá překážka, ale ne vždy.",
        body=(
            "<p>Úvod o programu a jeho cílech.</p>"
            "<p>Klient s dluhem vůči městu může vstoupit, pokud dodržuje splátkový "
            "kalendář sjednaný s klíčovým pracovníkem.</p>"
        ),
    )
    backend.activate()
    hit = search_content(AnonymousUser(), query="dluh splatkovy kalendar").hits[0]
    words = marked(hit.snippet_html)
    assert {"splatkovy", "kalendar"} <= words, hit.snippet_html
    assert "prekazka" not in fold(str(hit.snippet_html))


def test_a_match_only_in_an_attachment_shows_the_attachment_passage(section, index_now, backend):
    with index_now():
        document = make_document(
            title="Tabulka.pdf",
            content=pdf_bytes("Krizové byty v obvodu Poruba: jeden byt, garanční fond obvodu."),
        )
        make_item(
            section,
            title="Statistika bytů",
            summary="Počty bytů podle stupňů.",
            document=document,
        )
    backend.activate()
    hit = search_content(AnonymousUser(), query="garancni fond poruba").hits[0]
    assert hit.title == "Statistika bytů"
    assert {"garancni", "fond"} <= marked(hit.snippet_html), hit.snippet_html


def test_without_a_marked_passage_the_summary_is_shown(publish, backend):
    publish(title="Garanční fond", summary="Jak obvod ručí za nájemné.")
    backend.activate()
    hit = search_content(AnonymousUser(), query="garancni fond").hits[0]
    shown = str(hit.snippet_html).replace("<mark>", "").replace("</mark>", "")
    assert shown == "Jak obvod ručí za nájemné."


def test_a_snippet_never_comes_from_members_only_text(section, index_now, orgs, backend):
    """A public item and a members-only item share the words; the public reader's
    snippets come only from the public item."""
    with index_now():
        make_item(section, title="Veřejný postup", summary="Splátkový kalendář obecně.")
        make_item(
            section,
            title="Interní postup",
            summary="Splátkový kalendář rodiny Novákových z Poruby.",
            visibility="members",
        )
    backend.activate()
    results = search_content(AnonymousUser(), query="splatkovy kalendar")
    assert [h.title for h in results.hits] == ["Veřejný postup"]
    assert "Novák" not in str(results.hits[0].snippet_html)
