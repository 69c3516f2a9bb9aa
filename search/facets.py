"""The facets of a search: their names, index fields and the labels of their values.

Values are stored as slugs (or codes); labels come from the database when results are
shown, so renaming a topic needs no reindex. They are read through the content-versioned
cache (`core.cache.content_cached`), which any change of a topic, target group, stage or
organisation replaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.cache import content_cached
from knowledge.models import Topic
from partners.models import Organisation, PathwayStage, Region, TargetGroup

from .sources import KIND_LABELS


@dataclass(frozen=True)
class FacetDefinition:
    name: str  # the URL parameter and the API key
    field: str  # the engine's field
    label: str
    size: int = 30


FACETS: tuple[FacetDefinition, ...] = (
    FacetDefinition("kind", "kind", _("Kind")),
    FacetDefinition("topic", "topics", _("Topic")),
    FacetDefinition("target_group", "target_groups", _("Target group")),
    FacetDefinition("stage", "stages", _("Pathway stage")),
    FacetDefinition("region", "region", _("Region")),
    FacetDefinition("organisation", "organisation", _("Organisation"), size=50),
    FacetDefinition("year", "year", _("Year"), size=40),
)
FACETS_BY_NAME = {f.name: f for f in FACETS}


LABEL_MODELS = {
    "topic": Topic,
    "target_group": TargetGroup,
    "stage": PathwayStage,
    "organisation": Organisation,
}


def _names() -> dict[str, dict[str, str]]:
    """Per facet whose labels live in a table: slug -> name of every value (one cache
    read for all of them)."""
    return content_cached(
        f"search:facet-names:{get_language()}",
        lambda: {
            facet: dict(model.objects.values_list("slug", "name"))
            for facet, model in LABEL_MODELS.items()
        },
    )


def facet_labels(values_by_facet: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """Labels for the given values (a value without one keeps its slug)."""
    labels: dict[str, dict[str, str]] = {name: {} for name in values_by_facet}
    names = None
    for name, values in values_by_facet.items():
        if not values:
            continue
        if name == "kind":
            labels[name] = {v: str(KIND_LABELS.get(v, v)) for v in values}
        elif name == "region":
            choices = dict(Region.choices)
            labels[name] = {v: str(choices.get(v, v)) for v in values}
        elif name == "year":
            labels[name] = {v: v for v in values}
        else:
            if names is None:
                names = _names()
            labels[name] = {v: names[name].get(v, v) for v in values}
    return labels


def facet_sort_key(name: str):
    """Years newest first; everything else by count, then label."""
    if name == "year":
        return lambda option: -int(option.value) if option.value.isdigit() else 0
    return lambda option: (-option.count, option.label.lower())
