from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.cache import content_cached
from partners.models import Organisation, PathwayStage, Region, TargetGroup

from .models import KnowledgeItemPage, KnowledgeKind, Topic


class LibraryFilterForm(forms.Form):
    ORDER_CHOICES = [("-year", _("Newest first")), ("title", _("Title A–Z"))]

    q = forms.CharField(label=_("Words in title or summary"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *KnowledgeKind.choices]
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All target groups"),
    )
    stage = forms.ModelChoiceField(
        label=_("Pathway stage"),
        queryset=PathwayStage.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All stages"),
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        # A semi-join: one index probe per organisation, not a join of every item.
        # Only what an option shows: hundreds of organisations are listed on every page.
        queryset=Organisation.objects.filter(
            Exists(KnowledgeItemPage.objects.filter(organisation=OuterRef("pk")))
        ).only("pk", "slug", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All organisations"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    order = forms.ChoiceField(label=_("Sort"), required=False, choices=ORDER_CHOICES)

    # Selects whose options come from the database: the same on every library page until
    # the content changes, so they are cached under the content version (core.cache).
    # The fields keep their querysets to validate a submitted value.
    CACHED_OPTIONS = ("topic", "target_group", "stage", "organisation")

    def __iter__(self):
        # The options are put in when the form is rendered, not when it is built: the
        # library renders its filters from a fragment cached by query string (the form
        # then only validates, through the fields' querysets), and putting hundreds of
        # options into the selects is most of what building the form cost.
        if not getattr(self, "_options_set", False):
            cached = content_cached(
                f"library-options:{get_language()}",
                lambda: {name: _options(self.fields[name]) for name in self.CACHED_OPTIONS},
            )
            for name, options in cached.items():
                field = self.fields[name]
                field.choices = [("", field.empty_label), *options]
            self._options_set = True
        return super().__iter__()

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "kind": data["kind"],
            "topic": data["topic"].slug if data["topic"] else "",
            "target_group": data["target_group"].slug if data["target_group"] else "",
            "stage": data["stage"].slug if data["stage"] else "",
            "region": data["region"],
            "organisation": data["organisation"].slug if data["organisation"] else "",
            "year": data["year"],
            "order": data["order"] or "-year",
        }

    def listing_filters(self) -> dict:
        """The filters as knowledge.selectors.library_listing takes them (ids, not slugs)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "kind": data["kind"],
            "topic": _pk(data["topic"]),
            "target_group": _pk(data["target_group"]),
            "stage": _pk(data["stage"]),
            "region": data["region"],
            "organisation": _pk(data["organisation"]),
            "year": data["year"],
            "order": data["order"] or "-year",
        }


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


def _options(field: forms.ModelChoiceField) -> list[tuple[str, str]]:
    return [
        (getattr(obj, field.to_field_name), str(field.label_from_instance(obj)))
        for obj in field.queryset
    ]
