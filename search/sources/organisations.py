"""Organisations and their active programmes (not pages: always public, indexed while
they exist or, for programmes, while active)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from partners.models import Organisation, Programme
from partners.selectors import criteria_prefetch

from .base import Entry, Source


class OrganisationSource(Source):
    content_type = "organisation"
    model = Organisation
    key_prefix = "organisation"

    def queryset(self) -> QuerySet:
        active = Programme.objects.filter(is_active=True).select_related("stage")
        return Organisation.objects.prefetch_related(
            Prefetch("programmes", queryset=active)
        ).order_by("pk")

    def build(self, organisation: Organisation) -> Entry:
        programmes = list(organisation.programmes.all())
        meta = [
            organisation.short_name,
            organisation.get_kind_display(),
            organisation.municipality,
            organisation.street_address,
            *[p.name for p in programmes],
        ]
        return Entry(
            key=self.key(organisation),
            content_type=self.content_type,
            kind=self.content_type,
            title=organisation.name,
            url=organisation.get_absolute_url(),
            summary=organisation.description,
            meta=" · ".join(str(m) for m in meta if m),
            organisation=organisation.slug,
            organisation_name=organisation.name,
            region=organisation.region,
            stages=sorted({p.stage.slug for p in programmes if p.stage}),
        )


class ProgrammeSource(Source):
    content_type = "programme"
    model = Programme
    key_prefix = "programme"

    def queryset(self) -> QuerySet:
        return (
            Programme.objects.filter(is_active=True)
            .select_related("organisation", "stage")
            .prefetch_related("target_groups", criteria_prefetch())
            .order_by("pk")
        )

    def build(self, programme: Programme) -> Entry:
        organisation = programme.organisation
        groups = list(programme.target_groups.all())
        criteria = [str(c.label) for c in programme.intake_criteria.all()]
        meta = [
            organisation.name,
            programme.get_kind_display(),
            programme.stage_label,
            programme.area_served,
            *[g.name for g in groups],
        ]
        return Entry(
            key=self.key(programme),
            content_type=self.content_type,
            kind=self.content_type,
            title=programme.name,
            url=f"{organisation.get_absolute_url()}#program-{programme.slug}",
            summary=programme.description,
            body="\n".join(criteria),
            meta=" · ".join(str(m) for m in meta if m),
            organisation=organisation.slug,
            organisation_name=organisation.name,
            region=organisation.region,
            target_groups=[g.slug for g in groups],
            stages=[programme.stage.slug] if programme.stage else [],
        )
