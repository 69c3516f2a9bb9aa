import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .measures import GroupBy

MAX_PERIOD_DAYS = 366 * 10


class PeriodForm(forms.Form):
    """The period and grouping of the outcome figures; invalid input falls back to the
    current calendar year with the form's Czech errors shown."""

    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
    group_by = forms.ChoiceField(
        label=_("Group by"), choices=GroupBy.CHOICES, required=False, initial=GroupBy.PROGRAMME
    )

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
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date, str]:
        if self.is_valid():
            data = self.cleaned_data
            return data["start"], data["end"], data["group_by"]
        today = timezone.localdate()
        return datetime.date(today.year, 1, 1), today, GroupBy.PROGRAMME
