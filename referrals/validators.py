"""Upload checks by content, not by name: the first bytes (and, for Office files, the
package's declared content types) decide what a file is."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx"}
# The main part's content type inside [Content_Types].xml of each Office package.
OFFICE_MAIN_PARTS = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
CONTENT_TYPES_MAX_BYTES = 1024 * 1024  # a real [Content_Types].xml is a few kB


def max_upload_size() -> int:
    return int(getattr(settings, "REFERRALS_ATTACHMENT_MAX_SIZE", 10 * 1024 * 1024))


def _office_type(uploaded) -> str | None:
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as package:
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            declared = package.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    finally:
        uploaded.seek(0)
    for content_type, main_part in OFFICE_MAIN_PARTS.items():
        if main_part in declared:
            return content_type
    return None


def sniff_content_type(uploaded) -> str | None:
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(uploaded)
    return None


def validate_upload(uploaded) -> str:
    """Return the file's real content type, or raise a ValidationError in the user's
    language. Allowed: PDF, DOCX, XLSX, PNG and JPEG up to the configured size."""
    limit = max_upload_size()
    if uploaded.size is None or uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is too large: at most %(limit)s is allowed.")
            % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    content_type = sniff_content_type(uploaded)
    if content_type is None:
        raise ValidationError(
            _(
                "This type of file is not accepted. Upload a PDF, a Word (DOCX) or Excel "
                "(XLSX) document, or a PNG or JPEG image."
            ),
            code="type",
        )
    return content_type
