"""The secretariat's decisions on what the registry import proposed: accepting a provider
adds it to the directory as a non-member organisation, accepting a service adds it as an
active programme of its organisation (or links it to an existing programme); dismissing
keeps it out, and later imports respect that."""

from django.db import transaction
from django.utils.text import slugify

from core.access import is_secretariat

from ..errors import NotSecretariat, ProposalNotOpen, ProviderNotInDirectory, RegionUnknown
from ..models import Organisation, Programme, RegistryRecord
from .importer import ImportReport, apply_tracked
from .reader import ORGANISATION_FIELDS, PROGRAMME_FIELDS

Status = RegistryRecord.Status


def _unique_slug(model, base: str, max_length: int, **scope) -> str:
    base = slugify(base)[: max_length - 4] or "registr"
    slug, n = base, 1
    while model.objects.filter(slug=slug, **scope).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _open(record: RegistryRecord, user) -> RegistryRecord:
    if not is_secretariat(user):
        raise NotSecretariat()
    record = RegistryRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != Status.PROPOSED:
        raise ProposalNotOpen()
    return record


def _accept_provider(record: RegistryRecord) -> None:
    if not record.values.get("region"):
        raise RegionUnknown()
    organisation = Organisation(
        name=record.name,
        slug=_unique_slug(Organisation, record.name, 80),
        kind=Organisation.Kind.SOCIAL_SERVICES,
        ico=record.key,
        region=record.values["region"],
        is_member=False,
    )
    apply_tracked(organisation, record, ORGANISATION_FIELDS, ImportReport())
    organisation.save()
    record.organisation = organisation
    RegistryRecord.objects.filter(
        kind=RegistryRecord.Kind.SERVICE, provider_ico=record.key, organisation__isnull=True
    ).update(organisation=organisation)


def _accept_service(record: RegistryRecord, programme: Programme | None) -> None:
    if programme is None:
        organisation = (
            record.organisation
            or Organisation.objects.filter(ico=record.provider_ico)
            .exclude(kind=Organisation.Kind.CITY_DISTRICT)
            .first()
        )
        if organisation is None:
            raise ProviderNotInDirectory()
        programme = Programme(
            organisation=organisation,
            slug=_unique_slug(Programme, record.name, 80, organisation=organisation),
            is_active=True,
        )
    programme.registry_id = record.key
    apply_tracked(programme, record, PROGRAMME_FIELDS, ImportReport())
    programme.save()
    record.programme = programme
    record.organisation = programme.organisation


@transaction.atomic
def registry_record_accept(
    *, record: RegistryRecord, user, programme: Programme | None = None
) -> RegistryRecord:
    """Add the proposed provider or service to the directory; a service may instead be
    linked to an existing `programme`, whose own values the registry then fills only
    where they are empty."""
    record = _open(record, user)
    if record.kind == RegistryRecord.Kind.PROVIDER:
        _accept_provider(record)
    else:
        _accept_service(record, programme)
    record.status = Status.LINKED
    record.save()
    return record


@transaction.atomic
def registry_record_dismiss(*, record: RegistryRecord, user) -> RegistryRecord:
    record = _open(record, user)
    record.status = Status.DISMISSED
    record.save(update_fields=["status"])
    return record
