"""Forms of allocation: they parse input; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import council_resolution_fields, council_resolution_for
from core.widgets import DateInput
from partners.models import Membership, Organisation, Programme, ReasonCode

from .models import EntryStatus, Flat, Offer, WaitingListEntry
from .services.flats import FLAT_FIELDS


class ScoreForm(forms.Form):
    criteria = forms.ModelMultipleChoiceField(
        label=_("Criteria the application meets"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["criteria"]
        field.queryset = programme.scoring_criteria.filter(is_active=True)
        field.label_from_instance = lambda c: (
            _("%(name)s (%(points)s points; evidence: %(evidence)s)")
            % {
                "name": c.name,
                "points": c.points,
                "evidence": c.evidence or "–",
            }
        )


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = WaitingListEntry
        fields = [
            "household_size",
            "min_rooms",
            "preferred_districts",
            "needs_accessible",
            "near_school",
            "near_kindergarten",
        ]
        widgets = {"preferred_districts": forms.CheckboxSelectMultiple}

    def clean_household_size(self):
        value = self.cleaned_data["household_size"]
        if value < 1:
            raise forms.ValidationError(_("A household has at least one person."))
        return value

    def clean_min_rooms(self):
        value = self.cleaned_data["min_rooms"]
        if value < 1:
            raise forms.ValidationError(_("Enter at least one room."))
        return value


class EntryStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (EntryStatus.WAITING, EntryStatus.WAITING.label),
            (EntryStatus.SUSPENDED, EntryStatus.SUSPENDED.label),
            (EntryStatus.REMOVED, EntryStatus.REMOVED.label),
        ],
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class FlatForm(forms.ModelForm):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.none())
    field_order = ["address", "district", "owner"]

    class Meta:
        model = Flat
        # What the housing officer edits is what the services take (the owner apart).
        fields = ("owner", *FLAT_FIELDS)
        widgets = {"free_from": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        owners = Organisation.objects.filter(
            memberships__user=user,
            memberships__is_active=True,
            memberships__role=Membership.Role.CASE_REVIEWER,
        ).distinct()
        self.fields["owner"].queryset = owners
        if self.instance.pk:
            del self.fields["owner"]
            by_hand = [Flat.State.VACANT, Flat.State.UNDER_REPAIR]
            if self.instance.state in by_hand:
                self.fields["state"] = forms.ChoiceField(
                    label=_("State"),
                    choices=[(s.value, s.label) for s in by_hand],
                    initial=self.instance.state,
                )
        elif owners.count() == 1:
            self.fields["owner"].initial = owners.first()
        self.fields["programme"].queryset = Programme.objects.filter(
            is_active=True, kind__in=[Programme.Kind.HOUSING, Programme.Kind.RENTAL_AGENCY]
        ).select_related("organisation")
        self.fields["support_provider"].queryset = Organisation.objects.filter(is_member=True)

    def clean(self):
        cleaned = super().clean()
        for name in ("rooms", "max_occupants", "places"):
            if cleaned.get(name) == 0:
                self.add_error(name, _("Enter a number greater than zero."))
        return cleaned


class OfferForm(forms.Form):
    lease_start = forms.DateField(label=_("Lease start"), widget=DateInput())
    lease_end = forms.DateField(label=_("Lease end"), widget=DateInput())
    moved_in_on = forms.DateField(label=_("Moves in"), required=False, widget=DateInput())
    support_worker = forms.ModelChoiceField(
        label=_("Worker who visits"),
        queryset=None,
        help_text=_("A social worker of the receiving programme; records the move-in."),
    )
    skip_code = forms.ModelChoiceField(
        label=_("Reason to skip higher-ranked applicants"),
        queryset=ReasonCode.objects.filter(code_list=ReasonCode.List.OFFER_SKIP, is_active=True),
        required=False,
        help_text=_("Needed when suitable applicants rank above this one."),
    )
    skip_note = forms.CharField(
        label=_("Note on skipping"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    council_resolution_number, council_resolution_date = council_resolution_fields()

    def __init__(self, *args, receiver_id: int, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        council_resolution_for(self, programme)

        self.fields["support_worker"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__organisation_id=receiver_id,
                memberships__role=Membership.Role.SOCIAL_WORKER,
                memberships__is_active=True,
            )
            .order_by("last_name", "first_name")
        )
        self.fields["support_worker"].label_from_instance = lambda u: (
            u.get_full_name() or u.username
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("lease_start"), cleaned.get("lease_end")
        if start and end and end <= start:
            self.add_error("lease_end", _("The lease must end after it starts."))
        return cleaned


class RefusalForm(forms.Form):
    refused_by_side = forms.ChoiceField(label=_("Who refuses"), choices=())
    refusal_category = forms.ChoiceField(
        label=_("Kind of reason"), choices=Offer.RefusalCategory.choices
    )
    refusal_reason = forms.CharField(
        label=_("Reason for the refusal"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, side: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["refused_by_side"].choices = [
            (Offer.Side.APPLICANT, Offer.Side.APPLICANT.label),
            (side, Offer.Side(side).label),
        ]
