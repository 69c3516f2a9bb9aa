"""The directory's vocabularies as HSDS taxonomies and terms: target groups and pathway
stages (rows of their own), the kinds of organisations and programmes and the approach
(choices in code). Terms are few (tens), so they are built whole and filtered in Python."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import Approach, Organisation, PathwayStage, Programme, TargetGroup
from .ids import name_id


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str

    @property
    def id(self) -> str:
        return name_id("taxonomy", self.key)


def taxonomies() -> list[Taxonomy]:
    return [
        Taxonomy("target-groups", _("Target groups"), _("Whom a programme is for.")),
        Taxonomy(
            "pathway-stages",
            _("Pathway stages"),
            _("The rungs of the housing pathway, from crisis housing to a standard lease."),
        ),
        Taxonomy("organisation-kinds", _("Kinds of organisations"), _("What an organisation is.")),
        Taxonomy("programme-kinds", _("Kinds of programmes"), _("What a programme offers.")),
        Taxonomy(
            "approaches",
            _("Approaches"),
            _("Housing First (a flat first, support after) or Housing Ready (earn each step)."),
        ),
    ]


def term_id(taxonomy_key: str, code: str) -> str:
    return name_id("term", taxonomy_key, code)


def taxonomy_term_record(taxonomy: Taxonomy, code: str, name: str, description: str) -> dict:
    return {
        "id": term_id(taxonomy.key, code),
        "code": code,
        "name": name,
        "description": description or name,
        "parent_id": None,
        "taxonomy": taxonomy.name,
        "taxonomy_id": taxonomy.id,
        "language": "cs",
    }


def taxonomy_terms() -> list[dict]:
    by_key = {taxonomy.key: taxonomy for taxonomy in taxonomies()}
    terms = [
        taxonomy_term_record(by_key["target-groups"], group.slug, group.name, "")
        for group in TargetGroup.objects.all()
    ]
    terms += [
        taxonomy_term_record(by_key["pathway-stages"], stage.slug, stage.name, stage.description)
        for stage in PathwayStage.objects.all()
    ]
    for key, choices in (
        ("organisation-kinds", Organisation.Kind.choices),
        ("programme-kinds", Programme.Kind.choices),
        ("approaches", Approach.choices),
    ):
        terms += [
            taxonomy_term_record(by_key[key], value, str(label), "") for value, label in choices
        ]
    return terms


def taxonomy_record(taxonomy: Taxonomy) -> dict:
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "uri": None,
        "version": None,
    }
