"""core.pdf: the one set-up of a Czech PDF that the export, the indicator report and the
demo library share."""

import io

import pytest
from pypdf import PdfReader

from core import pdf as core_pdf
from core.pdf import FONT, PdfFontsMissing, czech_pdf


def test_a_czech_pdf_keeps_the_czech_letters_and_its_metadata():
    pdf = czech_pdf(title="Přehled plateb", author="Město Přerov", orientation="landscape")
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 6, "Nájemné a služby: 3 400 Kč, dluh za říjen", new_x="LMARGIN")
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    assert "Nájemné a služby: 3 400 Kč, dluh za říjen" in reader.pages[0].extract_text()
    assert reader.metadata.title == "Přehled plateb"
    assert reader.metadata.author == "Město Přerov"
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape A4
    fonts = {font["/BaseFont"] for font in _fonts(reader)}
    assert fonts and all("DejaVu" in name for name in fonts)


def test_without_the_dejavu_fonts_it_refuses_instead_of_losing_letters(monkeypatch, tmp_path):
    monkeypatch.setattr(core_pdf, "FONT_DIR", tmp_path)
    with pytest.raises(PdfFontsMissing) as raised:
        czech_pdf(title="Přehled")
    assert "fonts-dejavu-core" in str(raised.value.message)


def _fonts(reader: PdfReader):
    resources = reader.pages[0]["/Resources"]["/Font"]
    return [resources[name].get_object() for name in resources]
