import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Programme, TargetGroup

from .measures import GroupBy, Unit

MAX_PERIOD_DAYS = 366 * 10


class PeriodForm(forms.Form):
    """The period and grouping of the outcome figures; invalid input falls back to the
    current calendar year with the form's Czech errors shown."""

    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
    group_by = forms.ChoiceField(
        label=_("Group by"), choices=GroupBy.CHOICES, required=False, initial=GroupBy.PROGRAMME
    )
    town = forms.ChoiceField(label=_("Town"), required=False)
    target_group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.all(),
        required=False,
        empty_label=_("All target groups"),
    )
    unit = forms.ChoiceField(
        label=_("Count"), choices=Unit.CHOICES, required=False, initial=Unit.HOUSEHOLDS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        towns = (
            Programme.objects.exclude(organisation__municipality="")
            .order_by("organisation__municipality")
            .values_list("organisation__municipality", flat=True)
            .distinct()
        )
        self.fields["town"].choices = [("", _("All towns")), *[(t, t) for t in towns]]

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        start = cleaned.get("start") or datetime.date(today.year, 1, 1)
        end = cleaned.get("end") or today
        if end < start:
            raise forms.ValidationError(_("The end of the period must not precede its start."))
        if (end - start).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Choose a period of at most ten years."))
        cleaned["start"], cleaned["end"] = start, end
        cleaned["group_by"] = cleaned.get("group_by") or GroupBy.PROGRAMME
        cleaned["unit"] = cleaned.get("unit") or Unit.HOUSEHOLDS
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date, str]:
        if self.is_valid():
            data = self.cleaned_data
            return data["start"], data["end"], data["group_by"]
        today = timezone.localdate()
        return datetime.date(today.year, 1, 1), today, GroupBy.PROGRAMME

    def scope(self) -> dict:
        """The filters as outcome_table's keyword arguments (none when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "town": data.get("town") or "",
            "target_group": data.get("target_group"),
            "unit": data["unit"],
        }
