"""Forms of the parties of a case: an agency involved with the client and a labour-office
benefit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import check_period, validate_not_future
from core.widgets import DateInput, FastSelect
from partners.models import Organisation

from ..models import AgencyInvolvement, BenefitRecord
from .finance import money_field


class InvolvementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Agency"), choices=AgencyInvolvement.Kind.choices)
    organisation = forms.ModelChoiceField(
        label=_("From the directory"), queryset=Organisation.objects.none(), required=False
    )
    organisation_name = forms.CharField(
        label=_("Or its name"),
        required=False,
        max_length=200,
        help_text=_("e.g. OSPOD Praha 8, when the office is not in the directory"),
    )
    since = forms.DateField(
        label=_("Involved since"),
        required=False,
        widget=DateInput(),
        validators=[validate_not_future],
    )
    contact_person = forms.CharField(label=_("Contact person"), required=False, max_length=150)
    contact = forms.CharField(label=_("Phone or e-mail"), required=False, max_length=150)
    agreed_actions = forms.CharField(
        label=_("Agreed actions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [
                (value, label) for value, label in AgencyInvolvement.Kind.choices if value in kinds
            ]
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        FastSelect.replace(self)  # one option per organisation of the directory

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (data.get("organisation_name") or "").strip():
            self.add_error("organisation_name", _("Choose the agency or write its name."))
        return data


class InvolvementEndForm(forms.Form):
    until = forms.DateField(label=_("Involved until"), widget=DateInput())


class BenefitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Benefit"), choices=BenefitRecord.Kind.choices)
    amount = money_field(
        _("Amount (CZK)"),
        required=False,
        help_text=_("per month; the whole sum for one-off aid"),
    )
    period_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_until = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    paid_directly = forms.BooleanField(label=_("Paid directly to the landlord"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        try:
            check_period(data.get("period_from"), data.get("period_until"))
        except forms.ValidationError as error:
            self.add_error("period_until", error)
        return data


class BenefitEndForm(forms.Form):
    period_until = forms.DateField(label=_("Until"), widget=DateInput())
