"""Reading a registry file into the values the directory keeps.

The file is JSON in the shape of the dataset, one object per provider under
`poskytovatele`. The fields read (anything else in the file is ignored):

provider  `ico` (8 digits, the match key), `nazev`, `adresaSidla` (`ulice`,
          `cisloDomovni`, `obec`, `psc`, `kraj`), `email`, `telefon`, `www`, `sluzby`
service   `identifikator` (7 digits, the match key), `nazev`, `druhSluzby` (`paragraf`
          of Act 108/2006 Coll. and `nazev`), `kapacita` (`pocet`, `jednotka`),
          `uzemniPusobnost`, `popis`, `kontakt` (`email`, `telefon`), `datumUkonceni`

A service whose `datumUkonceni` has passed is no longer provided: it updates a linked
programme's record but is never proposed as a new one.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ..models import Programme, Region
from ..validators import ico_is_valid

# The kind of social service (its paragraph in Act 108/2006 Coll.) → the programme kind.
KIND_BY_PARAGRAPH = {
    "37": Programme.Kind.COUNSELLING,  # odborné sociální poradenství
    "43": Programme.Kind.SUPPORT_IN_HOUSING,  # podpora samostatného bydlení
    "51": Programme.Kind.HOUSING,  # chráněné bydlení
    "57": Programme.Kind.SHELTER,  # azylové domy
    "58": Programme.Kind.SHELTER,  # domy na půl cesty
    "61": Programme.Kind.SHELTER,  # noclehárny
    "65": Programme.Kind.SUPPORT_IN_HOUSING,  # sociálně aktivizační služby pro rodiny
    "69": Programme.Kind.FIELD_WORK,  # terénní programy
    "70": Programme.Kind.SUPPORT_IN_HOUSING,  # sociální rehabilitace
}
REGION_BY_NAME = {str(label): value for value, label in Region.choices}

# The fields of an organisation and of a programme the import keeps in step.
ORGANISATION_FIELDS = ("street_address", "municipality", "email", "phone", "website")
PROGRAMME_FIELDS = (
    "name",
    "kind",
    "description",
    "capacity",
    "capacity_unit",
    "area_served",
    "contact_email",
    "contact_phone",
)


class RegistryFileError(Exception):
    """The file cannot be read as the registry; nothing has been imported."""


@dataclass
class RegisteredService:
    identifier: str
    values: dict  # PROGRAMME_FIELDS
    ended_on: datetime.date | None

    def ended_by(self, day: datetime.date) -> bool:
        return self.ended_on is not None and self.ended_on <= day


@dataclass
class Provider:
    ico: str
    name: str
    region: str  # a Region value, "" when the file names no known region
    values: dict  # ORGANISATION_FIELDS
    services: list[RegisteredService] = field(default_factory=list)


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


def _email(value) -> str:
    """The address, or "" for one the directory could not send to."""
    text = _text(value)
    try:
        validate_email(text)
    except ValidationError:
        return ""
    return text


def _postal_code(value) -> str:
    digits = _text(value).replace(" ", "")
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 else digits


def _address(address: dict) -> str:
    street = " ".join(
        part for part in (_text(address.get("ulice")), _text(address.get("cisloDomovni"))) if part
    )
    town = " ".join(
        part for part in (_postal_code(address.get("psc")), _text(address.get("obec"))) if part
    )
    return ", ".join(part for part in (street, town) if part)


def _date(value, where: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise RegistryFileError(f"{where}: {value!r} is not a date (YYYY-MM-DD).") from None


def _service(raw: dict, where: str) -> RegisteredService:
    identifier = _text(raw.get("identifikator"))
    if len(identifier) != 7 or not identifier.isdigit():
        raise RegistryFileError(f"{where}: the identifier {identifier!r} is not 7 digits.")
    kind = raw.get("druhSluzby") or {}
    capacity = raw.get("kapacita") or {}
    contact = raw.get("kontakt") or {}
    count = capacity.get("pocet")
    if count is not None and (not isinstance(count, int) or count < 0):
        raise RegistryFileError(f"{where}: the capacity {count!r} is not a whole number.")
    name = _text(raw.get("nazev")) or _text(kind.get("nazev")).capitalize()
    return RegisteredService(
        identifier=identifier,
        values={
            "name": name[:200],
            "kind": str(
                KIND_BY_PARAGRAPH.get(_text(kind.get("paragraf")), Programme.Kind.COUNSELLING)
            ),
            "description": _text(raw.get("popis")),
            "capacity": count,
            "capacity_unit": _text(capacity.get("jednotka"))[:30],
            "area_served": _text(raw.get("uzemniPusobnost"))[:200],
            "contact_email": _email(contact.get("email")),
            "contact_phone": _text(contact.get("telefon"))[:40],
        },
        ended_on=_date(raw.get("datumUkonceni"), where),
    )


def _provider(raw: dict, number: int) -> Provider:
    ico = _text(raw.get("ico")).replace(" ", "")
    where = f"provider {number} (IČO {ico or '?'})"
    if not ico_is_valid(ico):
        raise RegistryFileError(f"{where}: {ico!r} is not a valid IČO.")
    address = raw.get("adresaSidla") or {}
    services = [
        _service(service, f"{where}, service {index}")
        for index, service in enumerate(raw.get("sluzby") or [], start=1)
    ]
    return Provider(
        ico=ico,
        name=_text(raw.get("nazev"))[:200],
        region=REGION_BY_NAME.get(_text(address.get("kraj")), ""),
        values={
            "street_address": _address(address)[:200],
            "municipality": _text(address.get("obec"))[:100],
            "email": _email(raw.get("email")),
            "phone": _text(raw.get("telefon"))[:40],
            "website": _text(raw.get("www")),
        },
        services=services,
    )


def read_registry(path: Path | str) -> list[Provider]:
    """Every provider of the file, or RegistryFileError naming the first bad record."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RegistryFileError(f"The file cannot be read as JSON: {error}") from None
    providers = data.get("poskytovatele") if isinstance(data, dict) else None
    if not isinstance(providers, list):
        raise RegistryFileError("The file has no list of providers ('poskytovatele').")
    result = [_provider(raw, number) for number, raw in enumerate(providers, start=1)]
    icos = [provider.ico for provider in result]
    identifiers = [s.identifier for provider in result for s in provider.services]
    for label, keys in (("IČO", icos), ("service identifier", identifiers)):
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise RegistryFileError(f"The {label} {', '.join(repeated)} appears more than once.")
    return result
