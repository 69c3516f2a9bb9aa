"""A4 PDFs in Czech with fpdf2: the PDF core fonts have no Czech glyphs (ř, ě, ů ...), so
every PDF the portal writes (a client's data export, a project's indicator report, the demo
library's files) uses the DejaVu fonts of Debian's fonts-dejavu-core, which the image
installs. One place sets them up, so a new PDF cannot quietly fall back to the core fonts."""

import datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .errors import DomainError

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT = "DejaVu"


class PdfFontsMissing(DomainError):
    default_message = _(
        "The PDF cannot be made: the DejaVu fonts are not installed (fonts-dejavu-core)."
    )


def czech_pdf(
    *,
    title: str,
    author: str = "",
    orientation: str = "portrait",
    margin: float = 18,
    creation_date: datetime.datetime | None = None,
):
    """An A4 fpdf2 document with its first page open, the DejaVu family registered as
    `FONT` (regular and bold "B") and selected at 10 pt. Raises PdfFontsMissing rather than
    write a PDF whose Czech letters are lost."""
    from fpdf import FPDF  # fpdf2 loads fonttools: only when a PDF is made

    paths = {style: FONT_DIR / name for style, name in FONT_FILES.items()}
    if not all(path.exists() for path in paths.values()):
        raise PdfFontsMissing()
    pdf = FPDF(orientation=orientation, format="A4")
    if creation_date is not None:
        pdf.set_creation_date(creation_date)
    pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_lang("cs")
    for style, path in paths.items():
        pdf.add_font(FONT, style, str(path))
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(auto=True, margin=margin)
    pdf.add_page()
    pdf.set_font(FONT, "", 10)
    return pdf
