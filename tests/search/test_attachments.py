"""Text of attached PDF and DOCX files is extracted (Celery task) and found by the search."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from knowledge.models import LibraryDocument
from search.extraction import extract_text
from search.selectors import search_content
from search.tasks import extract_document_text
from tests.knowledge.factories import make_document

pytestmark = pytest.mark.search_node

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if FONT.exists():
        pdf.add_font("DejaVu", "", str(FONT))
        pdf.set_font("DejaVu", size=12)
    else:  # core fonts know no Czech letters
        pdf.set_font("Helvetica", size=12)
        text = text.encode("ascii", "ignore").decode()
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_extractors_read_pdf_and_docx():
    pdf = pdf_bytes("Příloha: harmonogram splácení dluhu na nájemném.")
    assert "harmonogram" in extract_text(io.BytesIO(pdf), "priloha.pdf")
    docx = docx_bytes(["Zápis z případové konference."], [["Klient", "Souhlas"]])
    text = extract_text(io.BytesIO(docx), "zapis.DOCX")
    assert "případové konference" in text and "Klient | Souhlas" in text
    assert extract_text(io.BytesIO(b"%PDF-1.4 broken"), "broken.pdf") == ""
    assert extract_text(io.BytesIO(b"a,b"), "table.csv") == ""


def test_text_of_an_attached_pdf_is_found(section, index_now, backend):
    from tests.knowledge.factories import make_item

    with index_now():
        document = make_document(
            title="Harmonogram.pdf",
            content=pdf_bytes("Harmonogram splácení pro klienty s exekucí a insolvencí."),
        )
        make_item(section, title="Pravidla vstupu do bytu", document=document)
    document.refresh_from_db()
    assert "exekucí" in document.extracted_text
    assert document.text_extracted_at is not None
    backend.activate()
    results = search_content(AnonymousUser(), query="insolvence exekuce")
    assert [h.title for h in results.hits] == ["Pravidla vstupu do bytu"]
    assert "<mark>" in results.hits[0].snippet_html


def test_text_of_an_attached_docx_is_found(section, index_now):
    from tests.knowledge.factories import make_item

    with index_now():
        document = make_document(
            title="Zapis.docx",
            content=docx_bytes(["Případová konference se sešla v mateřském centru."]),
        )
        make_item(section, title="Zápis z jednání", document=document)
    found = search_content(AnonymousUser(), query="materske centrum")
    assert [h.title for h in found.hits] == ["Zápis z jednání"]


def test_extraction_task_is_idempotent_and_reindexes_the_item(section, index_now):
    from tests.knowledge.factories import make_item

    with index_now():
        document = make_document(title="Prazdny.pdf", content=b"%PDF-1.4 broken")
        make_item(section, title="Smlouva o podnájmu", document=document)
    assert LibraryDocument.objects.get(pk=document.pk).extracted_text == ""
    # the file is replaced by a readable one; the task (called as Celery would) catches up
    document.file.save("Podnajem.pdf", io.BytesIO(pdf_bytes("Podnájemní smlouva s MNA.")))
    LibraryDocument.objects.filter(pk=document.pk).update(file=document.file.name)
    with index_now():
        extract_document_text.apply(args=[document.pk])
        extract_document_text.apply(args=[document.pk])
    assert "Podnájemní" in LibraryDocument.objects.get(pk=document.pk).extracted_text
    assert search_content(AnonymousUser(), query="podnajemni smlouva").total == 1
    extract_document_text.apply(args=[987654])  # a deleted document: nothing to do


def test_members_only_attachment_text_stays_hidden(section, index_now, orgs):
    from tests.knowledge.factories import make_item

    with index_now():
        document = make_document(
            title="Interni.docx", content=docx_bytes(["Seznam dlužníků obvodu Poruba."])
        )
        make_item(section, title="Interní podklad", document=document, visibility="members")
    assert search_content(AnonymousUser(), query="dluznici poruba").total == 0
    member = orgs.receiver.users["case_reviewer"]
    assert search_content(member, query="dluznici poruba").total == 1
