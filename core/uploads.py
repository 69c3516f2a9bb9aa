"""Checks every uploaded file by its content before anything is written.

One module for referral attachments, signed consent forms and library documents. A file
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

Limits have defaults here and can be set in the settings (UPLOAD_* names below).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
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
# Below this, a member's compression ratio says nothing (a 1 MB run of spaces is harmless).
RATIO_CHECK_FROM_BYTES = 1024 * 1024
CONTENT_TYPES_MAX_BYTES = 1024 * 1024  # a real [Content_Types].xml is a few kB
READ_CHUNK = 64 * 1024


def limit(name: str) -> int:
    return int(getattr(settings, name, DEFAULT_LIMITS[name]))


class Refused(ValidationError):
    """An upload that is not accepted; `code` says why, the message says it in Czech."""


# --- Messages -----------------------------------------------------------------------------


def _refuse_type(allowed: Collection[str]) -> Refused:
    labels = ", ".join(KINDS[content_type].label for content_type in allowed)
    return Refused(
        _("This type of file is not accepted. Allowed types: %(types)s.") % {"types": labels},
        code="type",
    )


def _refuse_zip_bomb() -> Refused:
    return Refused(
        _(
            "The document is packed so that unpacking it could overload the server (too "
            "many parts or too large once unpacked). Save it again in your office program "
            "and upload the new copy."
        ),
        code="zip_bomb",
    )


def _refuse_damaged() -> Refused:
    return Refused(
        _("The file is damaged and cannot be read. Save it again and upload the new copy."),
        code="damaged",
    )


def _refuse_pdf_active() -> Refused:
    return Refused(
        _(
            "The PDF contains JavaScript, embedded files or actions that start programs, "
            "which are not accepted. Print or export it to a new PDF without them and upload "
            "that copy."
        ),
        code="pdf_active_content",
    )


# --- PDF ----------------------------------------------------------------------------------

# Names (keys or values) that make a PDF do something when opened or clicked, or carry
# another file. /OpenAction and /AA are only triggers: what they trigger is caught here
# (a JavaScript or Launch action); opening at a page with a zoom stays allowed.
PDF_ACTIVE_NAMES = frozenset(
    {
        "JavaScript",
        "JS",
        "Launch",
        "GoToE",
        "EmbeddedFile",
        "EmbeddedFiles",
        "FileAttachment",
        "RichMedia",
        "RichMediaExecute",
        "XFA",
    }
)
# Without a parser these hide objects (compressed object streams) or their names
# (encryption), so a file pypdf cannot read and that has them cannot be checked.
PDF_OPAQUE_NAMES = frozenset({"ObjStm", "Encrypt"})
# A PDF name: a slash and regular characters, with #xx escapes that must be decoded
# (/J#61vaScript is /JavaScript to a viewer).
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /<>\[\]()%{}]{1,127})")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _pdf_names(data: bytes) -> set[str]:
    names = set()
    for match in PDF_NAME.finditer(data):
        raw = match.group(1)
        if b"#" in raw:
            raw = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add(raw.decode("latin-1"))
    return names


def _is_script_uri(value) -> bool:
    """A link action's target that runs script instead of opening an address."""
    if hasattr(value, "get_object"):
        value = value.get_object()
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return False
    scheme = re.sub(r"[\x00-\x20]", "", value).lower()
    return scheme.startswith(("javascript:", "vbscript:", "data:"))


def _pdf_walk(uploaded) -> None:
    """Every object reachable from the trailer, through pypdf. Raises Refused for active
    content or encryption; lets pypdf's own errors through (the caller decides)."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    uploaded.seek(0)
    reader = PdfReader(uploaded, strict=False)
    if reader.is_encrypted:
        raise Refused(
            _("The PDF is protected by a password. Upload a copy without the password."),
            code="pdf_encrypted",
        )
    max_objects = limit("UPLOAD_PDF_MAX_OBJECTS")
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > max_objects:
                raise _refuse_damaged()
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # stream objects included
            for name, value in dict.items(obj):
                if str(name).lstrip("/") in PDF_ACTIVE_NAMES:
                    raise _refuse_pdf_active()
                if name == "/URI" and _is_script_uri(value):
                    raise _refuse_pdf_active()
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))
        elif isinstance(obj, NameObject) and str(obj).lstrip("/") in PDF_ACTIVE_NAMES:
            raise _refuse_pdf_active()


def check_pdf(uploaded) -> None:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    names = _pdf_names(data)
    if names & PDF_ACTIVE_NAMES:
        raise _refuse_pdf_active()
    try:
        _pdf_walk(uploaded)
    except Refused:
        raise
    except Exception as error:  # pypdf raises many kinds of errors on broken files
        # Unreadable for pypdf. Without object streams and encryption every dictionary is
        # plain text, so the name scan above has seen every key an action could use.
        if names & PDF_OPAQUE_NAMES or isinstance(error, RecursionError):
            raise _refuse_damaged() from error
    finally:
        uploaded.seek(0)


# --- ZIP packages (Office Open XML, OpenDocument) -----------------------------------------

# The main part's content type inside [Content_Types].xml of each Office package.
OFFICE_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
ODF_MIMETYPES = {ODT.encode(): ODT, ODS.encode(): ODS}
XML_ELEMENT = re.compile(rb"<(?:\w+:)?Override\b[^>]*>")
XML_ATTRIBUTE = re.compile(rb"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
EOCD_SIGNATURE = b"PK\x05\x06"
EOCD_SIZE = 22


def _declared_member_count(uploaded) -> int | None:
    """Entries in the ZIP's end-of-central-directory record, read before zipfile parses
    the whole directory (which a million tiny entries would make slow and large)."""
    uploaded.seek(0, 2)
    size = uploaded.tell()
    tail_size = min(size, EOCD_SIZE + 0xFFFF)  # the record plus the longest comment
    uploaded.seek(size - tail_size)
    tail = uploaded.read(tail_size)
    uploaded.seek(0)
    position = tail.rfind(EOCD_SIGNATURE)
    if position < 0 or len(tail) - position < EOCD_SIZE:
        return None
    (total,) = struct.unpack("<H", tail[position + 10 : position + 12])
    return total


def _overrides(content_types: bytes) -> dict[str, str]:
    """PartName -> ContentType of the package's Override entries."""
    parts = {}
    for element in XML_ELEMENT.finditer(content_types):
        attributes = {
            name.decode(): (double if double is not None else single or b"").decode(
                "utf-8", "replace"
            )
            for name, double, single in XML_ATTRIBUTE.findall(element.group(0))
        }
        if "PartName" in attributes and "ContentType" in attributes:
            parts[attributes["PartName"].lstrip("/")] = attributes["ContentType"]
    return parts


def _refuse_macros() -> Refused:
    return Refused(
        _(
            "The document contains macros, which are not accepted. Save it without macros "
            "(as DOCX, XLSX, ODT or ODS) and upload that copy."
        ),
        code="macros",
    )


def _package_kind(package: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str | None:
    names = {info.filename for info in infos}
    first = infos[0]
    if first.filename == "mimetype":
        if first.compress_type != zipfile.ZIP_STORED or first.file_size > 100:
            return None
        kind = ODF_MIMETYPES.get(package.read(first).strip())
        if kind is None or not {"content.xml", "META-INF/manifest.xml"} <= names:
            return None
        if any(name.startswith(("Basic/", "Scripts/")) for name in names):
            raise _refuse_macros()
        return kind
    info = package.NameToInfo.get("[Content_Types].xml")
    if info is None or info.file_size > CONTENT_TYPES_MAX_BYTES:
        return None
    declared = package.read(info)
    if b"macroEnabled" in declared or any(
        PurePath(name).name.lower() == "vbaproject.bin" for name in names
    ):
        raise _refuse_macros()
    for part_name, content_type in _overrides(declared).items():
        kind = OFFICE_MAIN_PARTS.get(content_type)
        if kind is not None and part_name in names:
            return kind
    return None


def _inflate_all(package: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Inflate every member in memory, chunk by chunk: zipfile stops at the declared size
    and checks the CRC, so a member that lies about its size is caught here."""
    for info in infos:
        with package.open(info) as member:
            while member.read(READ_CHUNK):
                pass


def sniff_package(uploaded) -> str | None:
    """DOCX, XLSX, ODT or ODS for a well-formed package of that format, None for any other
    ZIP; raises Refused for a zip bomb, macros or a damaged package."""
    count = _declared_member_count(uploaded)
    if count is None:
        return None
    if count > limit("UPLOAD_ZIP_MAX_MEMBERS"):
        raise _refuse_zip_bomb()
    kind = None
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as package:
            infos = package.infolist()
            if not infos:
                return None
            if len(infos) > limit("UPLOAD_ZIP_MAX_MEMBERS"):
                raise _refuse_zip_bomb()
            if len({info.filename for info in infos}) != len(infos):
                raise _refuse_damaged()  # two members with one name: readers disagree
            if any(info.flag_bits & 0x1 for info in infos):
                raise Refused(
                    _(
                        "The document is protected by a password. Upload a copy without "
                        "the password."
                    ),
                    code="encrypted",
                )
            _check_sizes(infos)
            kind = _package_kind(package, infos)
            if kind is not None:
                _inflate_all(package, infos)
            return kind
    except Refused:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        EOFError,
        RuntimeError,
        ValueError,
        KeyError,
        struct.error,
        zlib.error,
    ) as error:
        if kind is None:
            return None  # not a readable ZIP at all, so not a document of ours
        # A document's member that does not inflate to what it declares (size, checksum).
        raise _refuse_damaged() from error
    finally:
        uploaded.seek(0)


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    max_ratio = limit("UPLOAD_ZIP_MAX_RATIO")
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if total > limit("UPLOAD_ZIP_MAX_UNCOMPRESSED"):
        raise _refuse_zip_bomb()
    if total > RATIO_CHECK_FROM_BYTES and total > max_ratio * max(packed, 1):
        raise _refuse_zip_bomb()
    for info in infos:
        if info.file_size > RATIO_CHECK_FROM_BYTES and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            raise _refuse_zip_bomb()


# --- Images -------------------------------------------------------------------------------


def _refuse_image_too_large() -> Refused:
    return Refused(
        _("The image is too large: at most %(megapixels)s megapixels are allowed.")
        % {"megapixels": limit("UPLOAD_IMAGE_MAX_PIXELS") // 1_000_000},
        code="image_too_large",
    )


def check_image(uploaded) -> None:
    """Caps the pixel count (a small PNG can unpack to gigabytes). Images are never decoded
    here otherwise: one Pillow cannot identify passes as the opaque file its first bytes
    say it is, and is only ever served as a download of that type."""
    from PIL import Image

    uploaded.seek(0)
    # Pillow closes the file it verifies; it gets its own copy (at most the size limit).
    data = io.BytesIO(uploaded.read())
    uploaded.seek(0)
    try:
        image = Image.open(data)
    except Image.DecompressionBombError as error:
        raise _refuse_image_too_large() from error
    except Exception:  # Pillow raises many kinds of errors on files it cannot identify
        return
    try:
        width, height = image.size
        if width * height > limit("UPLOAD_IMAGE_MAX_PIXELS"):
            raise _refuse_image_too_large()
        try:
            image.verify()
        except Exception as error:
            raise _refuse_damaged() from error
    finally:
        image.close()


# --- The one entry point -------------------------------------------------------------------


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
