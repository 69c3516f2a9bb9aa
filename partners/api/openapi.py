"""The OpenAPI 3.1 document of the HSDS API, served at /api/hsds/openapi.json.

It follows the paths and parameters of Open Referral's HSDS 3.0 API (its openapi.json),
with the schemas of schema.py instead of HSDS's remote ones, so that the document is
complete on its own and a response can be checked against it offline."""

from .schema import REF, SCHEMAS

PARAMETERS = {
    "page": {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "Page number of paginated result (from 1).",
        "schema": {"type": "integer", "minimum": 1},
    },
    "per_page": {
        "name": "per_page",
        "in": "query",
        "required": False,
        "description": "Number of results in a page (1 to 100, 25 when not given).",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    },
    "search": {
        "name": "search",
        "in": "query",
        "required": False,
        "description": "Text the name (or the description) contains.",
        "schema": {"type": "string"},
    },
    "full": {
        "name": "full",
        "in": "query",
        "required": False,
        "description": "Return fully nested objects instead of their one-to-one fields.",
        "schema": {"type": "boolean"},
    },
    "organization_id": {
        "name": "organization_id",
        "in": "query",
        "required": False,
        "description": "Only the services of this organization.",
        "schema": {"type": "string", "format": "uuid"},
    },
    "taxonomy_term_id": {
        "name": "taxonomy_term_id",
        "in": "query",
        "required": False,
        "description": "Only the services with this taxonomy term.",
        "schema": {"type": "string", "format": "uuid"},
    },
    "taxonomy_id": {
        "name": "taxonomy_id",
        "in": "query",
        "required": False,
        "description": "Only the terms of this taxonomy.",
        "schema": {"type": "string", "format": "uuid"},
    },
    "id": {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "The id of the object.",
        "schema": {"type": "string", "format": "uuid"},
    },
}

_ERRORS = {
    "400": {
        "description": "A parameter is not valid.",
        "content": {"application/json": {"schema": {"$ref": REF + "Error"}}},
    }
}
_NOT_FOUND = {
    "404": {
        "description": "No such object.",
        "content": {"application/json": {"schema": {"$ref": REF + "Error"}}},
    }
}


def _parameters(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _page_of(schema: str) -> dict:
    return {
        "allOf": [{"$ref": REF + "Page"}],
        "properties": {"contents": {"type": "array", "items": {"$ref": REF + schema}}},
    }


def _list(operation_id: str, summary: str, schema: str, *parameters: str, full: str = "") -> dict:
    items = (
        {"oneOf": [{"$ref": REF + schema}, {"$ref": REF + full}]}
        if full
        else {"$ref": REF + schema}
    )
    page_schema = _page_of(schema)
    page_schema["properties"]["contents"]["items"] = items
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": _parameters(*parameters),
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": page_schema}},
                },
                **_ERRORS,
            },
        }
    }


def _detail(operation_id: str, summary: str, schema: str) -> dict:
    return {
        "parameters": _parameters("id"),
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": {"$ref": REF + schema}}},
                },
                **_NOT_FOUND,
            },
        },
    }


PATHS = {
    "/": {
        "get": {
            "operationId": "getAPIMetaInformation",
            "summary": "Information about this API and its relationship with HSDS.",
            "responses": {
                "200": {
                    "description": "The HSDS version and the address of this document.",
                    "content": {"application/json": {"schema": {"$ref": REF + "Meta"}}},
                }
            },
        }
    },
    "/organizations": _list(
        "getPaginatedListOfOrganizations",
        "Organizations of the directory.",
        "OrganizationList",
        "search",
        "full",
        "page",
        "per_page",
        full="Organization",
    ),
    "/organizations/{id}": _detail(
        "getFullyNestedOrganizationById",
        "An organization with its contacts, locations and services.",
        "Organization",
    ),
    "/services": _list(
        "getPaginatedListOfServices",
        "Active programmes of the directory as services.",
        "ServiceList",
        "search",
        "organization_id",
        "taxonomy_term_id",
        "full",
        "page",
        "per_page",
        full="Service",
    ),
    "/services/{id}": _detail(
        "getFullyNestedServiceById",
        "A service with its areas, locations, contacts and eligibility.",
        "Service",
    ),
    "/service_at_locations": _list(
        "getPaginatedListOfServiceAtLocations",
        "Services at the address of their organization.",
        "ServiceAtLocationList",
        "search",
        "organization_id",
        "taxonomy_term_id",
        "page",
        "per_page",
    ),
    "/service_at_locations/{id}": _detail(
        "getServiceAtLocationById", "A service at a location.", "ServiceAtLocationList"
    ),
    "/taxonomies": _list(
        "getPaginatedListOfTaxonomies",
        "The directory's vocabularies.",
        "Taxonomy",
        "page",
        "per_page",
    ),
    "/taxonomies/{id}": _detail("getTaxonomyById", "A vocabulary.", "Taxonomy"),
    "/taxonomy_terms": _list(
        "getPaginatedListOfTaxonomyTerms",
        "Terms of the directory's vocabularies.",
        "TaxonomyTerm",
        "search",
        "taxonomy_id",
        "page",
        "per_page",
    ),
    "/taxonomy_terms/{id}": _detail("getTaxonomyTermById", "A term.", "TaxonomyTerm"),
}


def openapi_document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Otevřený adresář partnerů a programů (HSDS 3.0)",
            "version": "1.0.0",
            "summary": "Organizations and programmes of the social-housing coalition.",
            "description": (
                "A read-only directory of the coalition's organisations and their housing "
                "and social programmes, compatible with Open Referral's Human Services Data "
                "Specification (HSDS) 3.0. Public data only."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS},
    }
