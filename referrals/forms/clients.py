"""Forms of the client record: the record by data category, the household, consents and
the key worker."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput
from partners.models import Organisation, TargetGroup

from ..models import Category, Client, Consent, HouseholdMember
from ..validators import describe_upload_field, validate_upload
from .fields import UserChoiceField

CLIENT_FIELDSETS = [
    (Category.IDENTITY, Client.CATEGORY_FIELDS[Category.IDENTITY]),
    (Category.HOUSEHOLD, Client.CATEGORY_FIELDS[Category.HOUSEHOLD]),
    (Category.FINANCES, Client.CATEGORY_FIELDS[Category.FINANCES]),
    (Category.HEALTH, Client.CATEGORY_FIELDS[Category.HEALTH]),
    (Category.NOTES, Client.CATEGORY_FIELDS[Category.NOTES]),
]


class ClientForm(forms.ModelForm):
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Client
        fields = [f for _category, fields in CLIENT_FIELDSETS for f in fields] + ["target_groups"]
        widgets = {
            "birth_date": DateInput(),
            "housing_note": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 3}),
            "debts_note": forms.Textarea(attrs={"rows": 3}),
            "health_and_addiction": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = frozenset(categories if categories is not None else Category.values)
        for category, fields in CLIENT_FIELDSETS:
            if category not in self.categories:
                for name in fields:
                    self.fields.pop(name, None)
        if Category.HOUSEHOLD not in self.categories:
            self.fields.pop("target_groups", None)

    def fieldsets(self):
        for category, fields in CLIENT_FIELDSETS:
            if category in self.categories:
                bound = [self[name] for name in fields if name in self.fields]
                if category == Category.HOUSEHOLD and "target_groups" in self.fields:
                    bound.append(self["target_groups"])
                yield Category(category).label, bound

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "target_groups"}


class HouseholdMemberForm(forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["relation", "first_name", "birth_date"]
        widgets = {"birth_date": DateInput()}


HouseholdFormSet = forms.modelformset_factory(
    HouseholdMember, form=HouseholdMemberForm, extra=3, can_delete=True
)


def household_from(formset) -> list[dict]:
    members = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or not data.get("relation"):
            continue
        members.append(
            {
                "relation": data["relation"],
                "first_name": data.get("first_name", ""),
                "birth_date": data.get("birth_date"),
            }
        )
    return members


class ConsentForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation that may see the data"), queryset=Organisation.objects.none()
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices)
    purpose_note = forms.CharField(label=_("Purpose in detail"), required=False, max_length=300)
    categories = forms.MultipleChoiceField(
        label=_("Categories of data"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())
    signed_form = forms.FileField(label=_("Signed consent form"))

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            pk=client.responsible_organisation_id
        )
        self.fields["valid_from"].initial = timezone.localdate()
        describe_upload_field(self.fields["signed_form"])
        self.fields["signed_form"].help_text = _(
            "A scan or photo of the signed form. %(allowed)s"
        ) % {"allowed": self.fields["signed_form"].help_text}

    def clean_signed_form(self):
        uploaded = self.cleaned_data["signed_form"]
        validate_upload(uploaded)
        return uploaded

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The consent cannot end before it starts."))
        return data


class KeyWorkerForm(forms.Form):
    key_worker = UserChoiceField(label=_("New key worker"), queryset=None)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_worker"].queryset = candidates
