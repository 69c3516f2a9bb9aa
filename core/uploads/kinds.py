"""The file kinds uploads may be, the limits of the checks and the refusal they raise."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str  # the one a stored file gets, with the dot
    label: str  # what users call it; not translated (format names)
    other_extensions: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.other_extensions)


KINDS = {
    kind.content_type: kind
    for kind in (
        FileKind(PDF, ".pdf", "PDF"),
        FileKind(DOCX, ".docx", "DOCX"),
        FileKind(XLSX, ".xlsx", "XLSX"),
        FileKind(ODT, ".odt", "ODT"),
        FileKind(ODS, ".ods", "ODS"),
        FileKind(PNG, ".png", "PNG"),
        FileKind(JPEG, ".jpg", "JPEG", (".jpeg",)),
    )
}

DEFAULT_LIMITS = {
    "UPLOAD_ZIP_MAX_MEMBERS": 1000,
    "UPLOAD_ZIP_MAX_UNCOMPRESSED": 200 * 1024 * 1024,
    # Office XML compresses 5-20 times; a zip bomb 1000 times and more.
    "UPLOAD_ZIP_MAX_RATIO": 100,
    "UPLOAD_IMAGE_MAX_PIXELS": 50_000_000,
    "UPLOAD_PDF_MAX_OBJECTS": 500_000,
}


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULT_LIMITS[name]))


class Refused(ValidationError):
    """An upload that is not accepted; `code` says why, the message says it in Czech."""


def refuse_damaged() -> Refused:
    return Refused(
        _("The file is damaged and cannot be read. Save it again and upload the new copy."),
        code="damaged",
    )
