"""Checks every uploaded file by its content before anything is written.

One package for referral attachments, signed consent forms and library documents. A file
is what its bytes say, not what its name or the browser say: the first bytes pick the
format, and each format is then opened far enough to prove it is what it claims and holds
nothing active:

- PDF: read with pypdf; refused when encrypted or when any object holds JavaScript, a
  Launch or GoToE action, an embedded file, rich media or an XFA form. A raw scan of the
  file's names backs the parser up (and decides alone when pypdf cannot read the file).
- DOCX, XLSX, ODT, ODS: ZIP packages, checked in memory, never unpacked to disk: member
  count, total unpacked size and compression ratio (zip bombs), the package's declared
  main part, no macros; every member is inflated once to verify its size and checksum.
- PNG, JPEG: opened with Pillow; the pixel count is capped (decompression bombs).

Limits have defaults (kinds.DEFAULT_LIMITS) and can be set in the settings (UPLOAD_*
names). The checks of each format live in pdf.py, packages.py and images.py; this module
picks the format and applies the size, type and name rules.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import PurePath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .images import check_image
from .kinds import (
    DEFAULT_LIMITS,
    DOCX,
    JPEG,
    KINDS,
    ODS,
    ODT,
    PDF,
    PNG,
    XLSX,
    FileKind,
    Refused,
    limit,
)
from .packages import CONTENT_TYPES_MAX_BYTES, RATIO_CHECK_FROM_BYTES, READ_CHUNK, sniff_package
from .pdf import check_pdf

__all__ = [
    "CONTENT_TYPES_MAX_BYTES",
    "RATIO_CHECK_FROM_BYTES",
    "READ_CHUNK",
    "DEFAULT_LIMITS",
    "DOCX",
    "JPEG",
    "KINDS",
    "ODS",
    "ODT",
    "PDF",
    "PNG",
    "XLSX",
    "FileKind",
    "Refused",
    "check_image",
    "check_pdf",
    "limit",
    "file_input",
    "sniff",
    "sniff_package",
    "validate_upload",
]


def file_input(field, *, allowed: Collection[str], max_size: int) -> None:
    """Let a form's file field say what it takes, before anyone uploads: `accept` for the
    browser's file chooser, and the types and the size limit in its help text."""
    extensions = [ext for content_type in allowed for ext in KINDS[content_type].extensions]
    field.widget.attrs["accept"] = ",".join([*extensions, *allowed])
    field.help_text = _("Allowed types: %(types)s; at most %(limit)s.") % {
        "types": ", ".join(KINDS[content_type].label for content_type in allowed),
        "limit": filesizeformat(max_size),
    }


def _refuse_type(allowed: Collection[str]) -> Refused:
    labels = ", ".join(KINDS[content_type].label for content_type in allowed)
    return Refused(
        _("This type of file is not accepted. Allowed types: %(types)s.") % {"types": labels},
        code="type",
    )


def sniff(uploaded) -> str | None:
    """The file's content type by its first bytes (and a package's declared parts), or
    None for anything else. Raises Refused for a ZIP that is a bomb, damaged or has
    macros."""
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
        return sniff_package(uploaded)
    return None


def validate_upload(
    uploaded,
    *,
    allowed: Collection[str],
    max_size: int,
    check_extension: bool = False,
) -> str:
    """Return the file's real content type, or raise Refused (a ValidationError) with a
    message in the user's language. Reads the file (seeking back) and writes nothing.

    `check_extension` also refuses a name whose extension does not match the content,
    for files that keep their name (library documents are served under it)."""
    size = getattr(uploaded, "size", None)
    if not size:
        raise Refused(_("The file is empty."), code="empty")
    if size > max_size:
        raise Refused(
            _("The file is too large: at most %(limit)s is allowed.")
            % {"limit": filesizeformat(max_size)},
            code="too_large",
        )
    content_type = sniff(uploaded)
    if content_type not in allowed:
        raise _refuse_type(allowed)
    kind = KINDS[content_type]
    if check_extension:
        extension = PurePath(uploaded.name or "").suffix.lower()
        if extension not in kind.extensions:
            raise Refused(
                _(
                    "The file's name ends in “%(extension)s” but it is a %(kind)s file. "
                    "Rename it to end in “%(expected)s” or upload the right file."
                )
                % {"extension": extension or "–", "kind": kind.label, "expected": kind.extension},
                code="extension_mismatch",
            )
    if content_type == PDF:
        check_pdf(uploaded)
    elif content_type in (PNG, JPEG):
        check_image(uploaded)
    return content_type
