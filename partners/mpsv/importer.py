"""Applying a registry file to the directory.

Matching: a provider is the organisation with its IČO (city districts, which share their
city's IČO, are never matched); a registered service is the programme linked to its
identifier by an earlier import or acceptance, else the programme whose `registry_id` a
member set to it. What matches nothing becomes a proposal (RegistryRecord, status
proposed) for the secretariat; nothing new is published by the import itself.

Keeping member edits: for each kept field the record remembers the value the import last
wrote (`applied`). The registry's new value is written only where the field still holds
that value, i.e. no member has changed it since; a field the import never wrote is filled
only when it is empty (or adopted when it already equals the registry's value). Running the
same file twice changes nothing but the records' `last_seen_at`.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..models import Organisation, Programme, RegistryRecord
from .reader import ORGANISATION_FIELDS, PROGRAMME_FIELDS, Provider, RegisteredService

Kind, Status = RegistryRecord.Kind, RegistryRecord.Status


@dataclass
class Kept:
    """A field a member changed, left as the member has it."""

    record: str
    field: str
    portal_value: object
    registry_value: object


@dataclass
class ImportReport:
    providers_linked: int = 0
    providers_proposed: int = 0
    services_linked: int = 0
    services_proposed: int = 0
    services_ended: int = 0
    fields_updated: int = 0
    records_changed: int = 0
    kept: list[Kept] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"providers matched by IČO: {self.providers_linked}",
            f"providers proposed (not in the directory): {self.providers_proposed}",
            f"services linked to programmes: {self.services_linked}",
            f"services proposed (not published): {self.services_proposed}",
            f"services ended in the registry: {self.services_ended}",
            f"fields updated from the registry: {self.fields_updated}",
            f"records with new registry values: {self.records_changed}",
            f"fields kept as members edited them: {len(self.kept)}",
        ]
        lines += [
            f"  {k.record} {k.field}: portal {k.portal_value!r}, registry {k.registry_value!r}"
            for k in self.kept
        ]
        return lines


def _blank(value) -> bool:
    return value in ("", None)


def apply_tracked(
    target, record: RegistryRecord, fields: tuple[str, ...], report: ImportReport
) -> bool:
    """Write the record's registry values into `target` where no member edited them.
    True when `target` changed (the caller saves it)."""
    changed = False
    for name in fields:
        new = record.values.get(name)
        current = getattr(target, name)
        if name in record.applied:
            if current != record.applied[name]:
                if current != new:
                    report.kept.append(Kept(str(record), name, current, new))
                continue
            if current == new:
                continue
        elif not _blank(current):
            if current == new:
                record.applied[name] = new  # in step: from now on the registry keeps it
            else:
                report.kept.append(Kept(str(record), name, current, new))
            continue
        if _blank(new) and _blank(current):
            continue
        setattr(target, name, new)
        record.applied[name] = new
        report.fields_updated += 1
        changed = True
    return changed


def _record(kind: str, key: str, now: datetime.datetime) -> RegistryRecord:
    record = (
        RegistryRecord.objects.select_for_update().filter(source="mpsv", kind=kind, key=key).first()
    )
    return record or RegistryRecord(
        source="mpsv", kind=kind, key=key, last_seen_at=now, changed_at=now
    )


def _save_record(record: RegistryRecord, before: tuple, now, report) -> None:
    """Save the record; `before` is its (values, name) as the import found it."""
    if record.pk is None or before != (record.values, record.name):
        record.changed_at = now
        report.records_changed += 1
    record.last_seen_at = now
    record.save()


def _import_service(
    service: RegisteredService,
    provider: Provider,
    organisation: Organisation | None,
    today: datetime.date,
    now: datetime.datetime,
    report: ImportReport,
) -> None:
    record = _record(Kind.SERVICE, service.identifier, now)
    before = (record.values, record.name)
    record.provider_ico = provider.ico
    record.name = service.values["name"]
    record.values = {
        **service.values,
        "ended_on": service.ended_on.isoformat() if service.ended_on else None,
    }
    programme = record.programme or Programme.objects.filter(registry_id=service.identifier).first()
    if service.ended_by(today):
        report.services_ended += 1
    if programme is not None:
        record.programme = programme
        record.organisation = programme.organisation
        record.status = Status.LINKED
        report.services_linked += 1
        if apply_tracked(programme, record, PROGRAMME_FIELDS, report):
            programme.save()
    elif record.status != Status.DISMISSED:
        if service.ended_by(today) and record.pk is None:
            return  # a service no longer provided is not worth proposing
        record.organisation = organisation
        record.status = Status.PROPOSED
        report.services_proposed += 1
    _save_record(record, before, now, report)


@transaction.atomic
def registry_import(
    *, providers: list[Provider], now: datetime.datetime | None = None
) -> ImportReport:
    """Apply a whole file at once: a failure leaves the directory as it was."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = ImportReport()
    for provider in providers:
        record = _record(Kind.PROVIDER, provider.ico, now)
        before = (record.values, record.name)
        record.provider_ico = provider.ico
        record.name = provider.name
        record.values = {**provider.values, "region": provider.region}
        organisation = (
            Organisation.objects.filter(ico=provider.ico)
            .exclude(kind=Organisation.Kind.CITY_DISTRICT)
            .first()
        )
        if organisation is not None:
            record.organisation = organisation
            record.status = Status.LINKED
            report.providers_linked += 1
            if apply_tracked(organisation, record, ORGANISATION_FIELDS, report):
                organisation.save()
        elif record.status != Status.DISMISSED:
            record.status = Status.PROPOSED
            report.providers_proposed += 1
        _save_record(record, before, now, report)
        for service in provider.services:
            _import_service(service, provider, organisation, today, now, report)
    return report
