"""PDF: names a viewer acts on, found by a raw scan of the bytes and by walking every
object with pypdf."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .kinds import Refused, limit, refuse_damaged


def _refuse_pdf_active() -> Refused:
    return Refused(
        _(
            "The PDF contains JavaScript, embedded files or actions that start programs, "
            "which are not accepted. Print or export it to a new PDF without them and upload "
            "that copy."
        ),
        code="pdf_active_content",
    )


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
                raise refuse_damaged()
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
            raise refuse_damaged() from error
    finally:
        uploaded.seek(0)
