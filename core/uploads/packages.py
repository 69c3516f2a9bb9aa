"""ZIP packages (Office Open XML, OpenDocument): recognised by their declared main part,
checked in memory for zip bombs, macros, passwords and members that lie about their size."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import PurePath

from django.utils.translation import gettext as _

from .kinds import DOCX, ODS, ODT, XLSX, Refused, limit, refuse_damaged

# Below this, a member's compression ratio says nothing (a 1 MB run of spaces is harmless).
RATIO_CHECK_FROM_BYTES = 1024 * 1024
CONTENT_TYPES_MAX_BYTES = 1024 * 1024  # a real [Content_Types].xml is a few kB
READ_CHUNK = 64 * 1024


def _refuse_zip_bomb() -> Refused:
    return Refused(
        _(
            "The document is packed so that unpacking it could overload the server (too "
            "many parts or too large once unpacked). Save it again in your office program "
            "and upload the new copy."
        ),
        code="zip_bomb",
    )


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
                raise refuse_damaged()  # two members with one name: readers disagree
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
        raise refuse_damaged() from error
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
