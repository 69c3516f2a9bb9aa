"""Directory rows as HSDS 3.0 objects. Only fields the public directory shows: an
organisation's name, description, address, e-mail, phone and website; an active
programme's description, intake conditions, area served, capacity and contact; contacts
marked public. Attributes link target groups, pathway stages, kinds and the approach."""

import re

from ..models import Contact, Organisation, Programme, Region
from .ids import name_id, row_id
from .taxonomy import taxonomies, taxonomy_term_record

_POSTAL_CODE = re.compile(r"\b(\d{3}) ?(\d{2})\b")
_TAXONOMIES = {taxonomy.key: taxonomy for taxonomy in taxonomies()}


def _blank_to_none(value):
    return value if value not in ("", None) else None


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def _attribute(link_entity: str, link_id: str, taxonomy_key: str, code: str, name: str) -> dict:
    taxonomy = _TAXONOMIES[taxonomy_key]
    term = taxonomy_term_record(taxonomy, code, name, "")
    return {
        "id": name_id("attribute", link_id, term["id"]),
        "link_id": link_id,
        "link_type": taxonomy_key,
        "link_entity": link_entity,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
        "value": None,
    }


def phones(number: str, *, kind: str, pk: int, **links) -> list[dict]:
    """The one phone number a row has, as HSDS's list of phones (empty without one)."""
    if not number:
        return []
    return [
        {
            "id": row_id(kind, pk),
            "organization_id": links.get("organization_id"),
            "service_id": links.get("service_id"),
            "contact_id": links.get("contact_id"),
            "number": number,
            "type": "voice",
            "description": None,
        }
    ]


def contact_record(contact: Contact) -> dict:
    contact_id = row_id("contact", contact.pk)
    return {
        "id": contact_id,
        "organization_id": row_id("organization", contact.organisation_id),
        "service_id": row_id("service", contact.programme_id) if contact.programme_id else None,
        "name": contact.name,
        "title": _blank_to_none(contact.title) or str(contact.get_kind_display()),
        "department": _blank_to_none(contact.department),
        "email": _blank_to_none(contact.email),
        "phones": phones(contact.phone, kind="contact_phone", pk=contact.pk, contact_id=contact_id),
    }


def _address_parts(organisation: Organisation) -> tuple[str, str, str]:
    """(street, postal code, city) from an address written as "Street 1, 750 11 City"."""
    street, _comma, rest = organisation.street_address.partition(",")
    match = _POSTAL_CODE.search(rest)
    postal_code = f"{match.group(1)} {match.group(2)}" if match else ""
    city = rest[match.end() :].strip() if match else rest.strip()
    return street.strip(), postal_code, city or organisation.municipality


def location_record(organisation: Organisation, request) -> dict:
    location_id = row_id("location", organisation.pk)
    street, postal_code, city = _address_parts(organisation)
    return {
        "id": location_id,
        "location_type": "physical",
        "organization_id": row_id("organization", organisation.pk),
        "name": organisation.name,
        "url": _absolute(request, organisation.get_absolute_url()),
        "addresses": [
            {
                "id": row_id("address", organisation.pk),
                "location_id": location_id,
                "address_1": street,
                "city": city,
                "region": None,
                "state_province": Region(organisation.region).label if organisation.region else "",
                "postal_code": postal_code,
                "country": "CZ",
                "address_type": "physical",
            }
        ],
    }


def organisation_locations(organisation: Organisation, request) -> list[dict]:
    return [location_record(organisation, request)] if organisation.street_address else []


def organisation_list_record(organisation: Organisation, request) -> dict:
    return {
        "id": row_id("organization", organisation.pk),
        "name": organisation.name,
        "alternate_name": _blank_to_none(organisation.short_name),
        "description": organisation.description,
        "email": _blank_to_none(organisation.email),
        "website": _blank_to_none(organisation.website),
        "uri": _absolute(request, organisation.get_absolute_url()),
    }


def organisation_record(organisation: Organisation, request) -> dict:
    """The full organisation; expects `public_contacts` and `active_programmes` prefetched
    (selectors.hsds_organisations_full)."""
    organisation_id = row_id("organization", organisation.pk)
    identifiers = (
        [
            {
                "id": row_id("organization_identifier", organisation.pk),
                "organization_id": organisation_id,
                "identifier_scheme": "CZ-ICO",
                "identifier_type": "IČO",
                "identifier": organisation.ico,
            }
        ]
        if organisation.ico
        else []
    )
    return {
        **organisation_list_record(organisation, request),
        "phones": phones(
            organisation.phone,
            kind="organization_phone",
            pk=organisation.pk,
            organization_id=organisation_id,
        ),
        "contacts": [
            contact_record(c) for c in organisation.public_contacts if c.programme_id is None
        ],
        "locations": organisation_locations(organisation, request),
        "organization_identifiers": identifiers,
        "attributes": [
            _attribute(
                "organization",
                organisation_id,
                "organisation-kinds",
                organisation.kind,
                str(organisation.get_kind_display()),
            )
        ],
        "services": [
            service_list_record(programme, request) for programme in organisation.active_programmes
        ],
    }


def _eligibility(programme: Programme) -> str | None:
    """The programme's intake conditions and target groups as one text."""
    lines = [
        f"{criterion.label}{'' if criterion.required else ' (doporučeno)'}"
        for criterion in programme.intake_criteria.all()
    ]
    groups = [group.name for group in programme.target_groups.all()]
    if groups:
        lines.insert(0, "Pro: " + ", ".join(groups))
    return "\n".join(lines) or None


def service_list_record(programme: Programme, request) -> dict:
    url = programme.organisation.get_absolute_url() + f"#program-{programme.slug}"
    return {
        "id": row_id("service", programme.pk),
        "organization_id": row_id("organization", programme.organisation_id),
        "name": programme.name,
        "alternate_name": _blank_to_none(programme.stage_label),
        "description": programme.description,
        "url": _absolute(request, url),
        "email": _blank_to_none(programme.contact_email),
        "status": "active" if programme.is_active else "inactive",
        "application_process": (
            "Doporučení přes portál partnerství (předávání klientů)."
            if programme.accepts_referrals
            else None
        ),
        "eligibility_description": _eligibility(programme),
    }


def service_area_records(programme: Programme) -> list[dict]:
    service_id = row_id("service", programme.pk)
    region = programme.organisation.region
    name = programme.area_served or (Region(region).label if region else "")
    if not name:
        return []
    return [
        {
            "id": row_id("service_area", programme.pk),
            "service_id": service_id,
            "name": name,
            "description": programme.area_served or None,
            "extent_type": None,
        }
    ]


def service_at_location_record(programme: Programme, request, *, with_service: bool) -> dict:
    organisation = programme.organisation
    record = {
        "id": row_id("service_at_location", programme.pk),
        "service_id": row_id("service", programme.pk),
        "location_id": row_id("location", organisation.pk),
        "description": None,
    }
    if with_service:
        record["service"] = service_list_record(programme, request)
    record["location"] = location_record(organisation, request)
    return record


def service_record(programme: Programme, request) -> dict:
    """The full service; expects the relations of selectors.hsds_programmes_full."""
    service_id = row_id("service", programme.pk)
    attributes = [
        _attribute("service", service_id, "target-groups", group.slug, group.name)
        for group in programme.target_groups.all()
    ]
    if programme.stage:
        attributes.append(
            _attribute(
                "service", service_id, "pathway-stages", programme.stage.slug, programme.stage.name
            )
        )
    attributes.append(
        _attribute(
            "service", service_id, "programme-kinds", programme.kind, programme.get_kind_display()
        )
    )
    attributes.append(
        _attribute(
            "service",
            service_id,
            "approaches",
            programme.approach,
            programme.get_approach_display(),
        )
    )
    located = bool(programme.organisation.street_address)
    return {
        **service_list_record(programme, request),
        "organization": organisation_list_record(programme.organisation, request),
        "phones": phones(
            programme.contact_phone, kind="service_phone", pk=programme.pk, service_id=service_id
        ),
        "contacts": [contact_record(contact) for contact in programme.public_contacts],
        "service_areas": service_area_records(programme),
        "service_at_locations": (
            [service_at_location_record(programme, request, with_service=False)] if located else []
        ),
        "attributes": attributes,
    }
