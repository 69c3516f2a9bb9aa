"""HSDS identifiers. HSDS wants UUIDs; the directory's rows have integer keys.

A row's UUID is built from its key (RFC 9562 version 8, the layout left to the vendor):
the first group names the kind of object, the last one holds the key, so the id is
stable, needs no column, and a request for `/services/<id>` finds its row again. Objects
that are not rows of their own (an attribute linking a term to a service) get a name-based
UUID (version 5) of what they link.
"""

import uuid

KINDS = {
    "organization": 1,
    "service": 2,
    "location": 3,
    "service_area": 4,
    "contact": 5,
    "organization_phone": 6,
    "service_phone": 7,
    "contact_phone": 8,
    "address": 9,
    "service_at_location": 10,
    "organization_identifier": 11,
}
_PREFIX = 0x5B1D0000  # marks the portal's ids; the low bits carry the kind
_NAMESPACE = uuid.UUID("2f1c8d0e-51a4-4a53-9d0f-6b4f3f0c8e11")


def row_id(kind: str, pk: int) -> str:
    return f"{_PREFIX + KINDS[kind]:08x}-0000-8000-8000-{pk:012x}"


def row_pk(kind: str, value: str) -> int | None:
    """The key of a row id of this kind, or None for anything else."""
    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return None
    text = str(parsed)
    if parsed.version != 8 or str(row_id(kind, 0))[:24] != text[:24]:
        return None
    return int(text[24:], 16)


def name_id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(part) for part in parts)))
