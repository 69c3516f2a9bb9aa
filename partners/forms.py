from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation, PathwayStage, Region, TargetGroup


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or town"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organisation.Kind.choices]
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    stage = forms.ModelChoiceField(
        label=_("Pathway stage"),
        required=False,
        queryset=PathwayStage.objects.all(),
        to_field_name="slug",
        empty_label=_("All stages"),
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        required=False,
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        empty_label=_("All target groups"),
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "kind": data["kind"],
            "region": data["region"],
            "stage": data["stage"].slug if data["stage"] else "",
            "target_group": data["target_group"].slug if data["target_group"] else "",
        }
