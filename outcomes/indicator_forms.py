"""Forms of the indicator report page: the reporting period and a value for a manual
indicator."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput

MAX_PERIOD_DAYS = 366 * 10


class ReportPeriodForm(forms.Form):
    """The reporting period; empty fields or invalid input fall back to `default`."""

    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, data, *, default: tuple[datetime.date, datetime.date]):
        super().__init__(data)
        self.default = default

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start") or self.default[0]
        end = cleaned.get("end") or self.default[1]
        if end < start:
            raise forms.ValidationError(_("The end of the period must not precede its start."))
        if (end - start).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Choose a period of at most ten years."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date]:
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default


class IndicatorValueForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None)
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("To"), widget=DateInput)
    value = forms.DecimalField(
        label=_("Achieved in the period"), max_digits=12, decimal_places=2, min_value=0
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
