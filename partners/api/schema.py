"""JSON Schemas (OpenAPI 3.1, i.e. JSON Schema 2020-12) of what the API returns.

The objects and field names are HSDS 3.0's, with its required fields; the portal leaves
out the HSDS fields it has nothing for rather than sending them empty, and declares every
object closed (`additionalProperties: false`), so a test that validates the responses
also catches a field that was never meant to leave the portal.
"""

REF = "#/components/schemas/"


def _text(nullable: bool = True, fmt: str | None = None, enum: list[str] | None = None) -> dict:
    schema: dict = {"type": ["string", "null"] if nullable else "string"}
    if fmt:
        schema["format"] = fmt
    if enum:
        schema["enum"] = [*enum, None] if nullable else enum
    return schema


def _uuid(nullable: bool = False) -> dict:
    return _text(nullable=nullable, fmt="uuid")


def _ref(name: str) -> dict:
    return {"$ref": REF + name}


def _many(name: str) -> dict:
    return {"type": "array", "items": _ref(name)}


def _object(properties: dict, required: list[str]) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


TAXONOMY = _object(
    {
        "id": _uuid(),
        "name": _text(nullable=False),
        "description": _text(nullable=False),
        "uri": _text(fmt="uri"),
        "version": _text(),
    },
    ["id", "name", "description"],
)

TAXONOMY_TERM = _object(
    {
        "id": _uuid(),
        "code": _text(),
        "name": _text(nullable=False),
        "description": _text(nullable=False),
        "parent_id": _uuid(nullable=True),
        "taxonomy": _text(),
        "taxonomy_id": _uuid(),
        "language": _text(),
    },
    ["id", "name", "description"],
)

ATTRIBUTE = _object(
    {
        "id": _uuid(),
        "link_id": _uuid(),
        "link_type": _text(),
        "link_entity": _text(nullable=False),
        "taxonomy_term_id": _uuid(),
        "taxonomy_term": _ref("TaxonomyTerm"),
        "value": _text(),
    },
    ["id", "link_id", "link_entity", "taxonomy_term_id"],
)

PHONE = _object(
    {
        "id": _uuid(),
        "organization_id": _uuid(nullable=True),
        "service_id": _uuid(nullable=True),
        "contact_id": _uuid(nullable=True),
        "number": _text(nullable=False),
        "type": _text(enum=["voice"]),
        "description": _text(),
    },
    ["id", "number"],
)

CONTACT = _object(
    {
        "id": _uuid(),
        "organization_id": _uuid(nullable=True),
        "service_id": _uuid(nullable=True),
        "name": _text(),
        "title": _text(),
        "department": _text(),
        "email": _text(fmt="email"),
        "phones": _many("Phone"),
    },
    ["id", "phones"],
)

ADDRESS = _object(
    {
        "id": _uuid(),
        "location_id": _uuid(),
        "address_1": _text(nullable=False),
        "city": _text(nullable=False),
        "region": _text(),
        "state_province": _text(nullable=False),
        "postal_code": _text(nullable=False),
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "address_type": _text(nullable=False, enum=["physical", "postal", "virtual"]),
    },
    ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
)

LOCATION = _object(
    {
        "id": _uuid(),
        "location_type": _text(nullable=False, enum=["physical", "postal", "virtual"]),
        "organization_id": _uuid(),
        "name": _text(),
        "url": _text(fmt="uri"),
        "addresses": _many("Address"),
    },
    ["id", "location_type", "addresses"],
)

SERVICE_AREA = _object(
    {
        "id": _uuid(),
        "service_id": _uuid(),
        "name": _text(),
        "description": _text(),
        "extent_type": _text(),
    },
    ["id"],
)

ORGANIZATION_IDENTIFIER = _object(
    {
        "id": _uuid(),
        "organization_id": _uuid(),
        "identifier_scheme": _text(),
        "identifier_type": _text(nullable=False),
        "identifier": _text(nullable=False),
    },
    ["id", "identifier_type", "identifier"],
)

_ORGANIZATION_FIELDS = {
    "id": _uuid(),
    "name": _text(nullable=False),
    "alternate_name": _text(),
    "description": _text(nullable=False),
    "email": _text(fmt="email"),
    "website": _text(fmt="uri"),
    "uri": _text(fmt="uri"),
}
ORGANIZATION_LIST = _object(_ORGANIZATION_FIELDS, ["id", "name", "description"])
ORGANIZATION = _object(
    {
        **_ORGANIZATION_FIELDS,
        "phones": _many("Phone"),
        "contacts": _many("Contact"),
        "locations": _many("Location"),
        "organization_identifiers": _many("OrganizationIdentifier"),
        "attributes": _many("Attribute"),
        "services": _many("ServiceList"),
    },
    [
        "id",
        "name",
        "description",
        "phones",
        "contacts",
        "locations",
        "organization_identifiers",
        "attributes",
        "services",
    ],
)

_SERVICE_FIELDS = {
    "id": _uuid(),
    "organization_id": _uuid(),
    "name": _text(nullable=False),
    "alternate_name": _text(),
    "description": _text(),
    "url": _text(fmt="uri"),
    "email": _text(fmt="email"),
    "status": _text(nullable=False, enum=["active", "inactive", "defunct", "temporarily closed"]),
    "application_process": _text(),
    "eligibility_description": _text(),
    "last_modified": _text(fmt="date-time"),
}
SERVICE_LIST = _object(_SERVICE_FIELDS, ["id", "organization_id", "name", "status"])
SERVICE = _object(
    {
        **_SERVICE_FIELDS,
        "organization": _ref("OrganizationList"),
        "phones": _many("Phone"),
        "contacts": _many("Contact"),
        "service_areas": _many("ServiceArea"),
        "service_at_locations": _many("ServiceAtLocation"),
        "attributes": _many("Attribute"),
    },
    [
        "id",
        "organization_id",
        "name",
        "status",
        "organization",
        "phones",
        "contacts",
        "service_areas",
        "service_at_locations",
        "attributes",
    ],
)

SERVICE_AT_LOCATION = _object(
    {
        "id": _uuid(),
        "service_id": _uuid(),
        "location_id": _uuid(),
        "description": _text(),
        "location": _ref("Location"),
    },
    ["id", "service_id", "location_id", "location"],
)
SERVICE_AT_LOCATION_LIST = _object(
    {
        "id": _uuid(),
        "service_id": _uuid(),
        "location_id": _uuid(),
        "description": _text(),
        "service": _ref("ServiceList"),
        "location": _ref("Location"),
    },
    ["id", "service_id", "location_id", "service", "location"],
)

PAGE = {
    "type": "object",
    "properties": {
        "total_items": {"type": "integer", "minimum": 0},
        "total_pages": {"type": "integer", "minimum": 0},
        "page_number": {"type": "integer", "minimum": 1},
        "size": {"type": "integer", "minimum": 0},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
    },
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
}

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "parameter": {"type": "string"}},
    "required": ["detail"],
}

META = _object(
    {
        "version": {"type": "string"},
        "profile": _text(fmt="uri"),
        "openapi_url": {"type": "string", "format": "uri"},
    },
    ["version", "openapi_url"],
)

SCHEMAS = {
    "Page": PAGE,
    "Error": ERROR,
    "Meta": META,
    "Organization": ORGANIZATION,
    "OrganizationList": ORGANIZATION_LIST,
    "OrganizationIdentifier": ORGANIZATION_IDENTIFIER,
    "Service": SERVICE,
    "ServiceList": SERVICE_LIST,
    "ServiceAtLocation": SERVICE_AT_LOCATION,
    "ServiceAtLocationList": SERVICE_AT_LOCATION_LIST,
    "Location": LOCATION,
    "Address": ADDRESS,
    "ServiceArea": SERVICE_AREA,
    "Contact": CONTACT,
    "Phone": PHONE,
    "Attribute": ATTRIBUTE,
    "Taxonomy": TAXONOMY,
    "TaxonomyTerm": TAXONOMY_TERM,
}
