"""Forms of the referral module. They parse and validate input; every rule about who may
do what lives in the services, whose domain errors the views add to these forms."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput
from partners.models import Membership, Organisation, TargetGroup

from . import workflow
from .models import (
    CaseFlag,
    Category,
    Client,
    Consent,
    CriterionAnswer,
    HouseholdMember,
    Outcome,
    PlanGoal,
    Referral,
    ReviewDecision,
    Urgency,
)
from .validators import validate_upload


def _user_label(user) -> str:
    return user.get_full_name() or user.username


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _user_label(obj)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _user_label(obj)


# --- Lists ------------------------------------------------------------------------------


class ListFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Client or referral reference"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "K-2026-0042"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            *[(s.value, workflow.STATUS_LABELS[s]) for s in workflow.Status],
        ],
    )
    programme = forms.TypedChoiceField(
        label=_("Programme"), required=False, coerce=int, empty_value=None
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices]
    )
    overdue = forms.BooleanField(label=_("Only waiting too long for an answer"), required=False)

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("Any programme"))] + [
            (p.pk, str(p)) for p in programmes
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "status": data["status"],
            "programme": data["programme"],
            "urgency": data["urgency"],
            "overdue": data["overdue"],
        }


# --- Clients ----------------------------------------------------------------------------


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
    signed_form = forms.FileField(
        label=_("Signed consent form"),
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG; a scan or photo of the signed form."),
    )

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            pk=client.responsible_organisation_id
        )
        self.fields["valid_from"].initial = timezone.localdate()

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


# --- Referrals --------------------------------------------------------------------------


# A reason is a few paragraphs; anything longer is a mistake or an attack, not casework.
REASON_MAX_LENGTH = 5000


class ReferralCreateForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    reason = forms.CharField(
        label=_("Reason for the referral"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the household needs and why this programme; no more than needed."),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: (
            f"{p.stage_label or '—'}: {p.name} – {p.organisation.short_name or p.organisation.name}"
        )


class TransferForm(ReferralCreateForm):
    reason = forms.CharField(
        label=_("Why the client should move"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReferralEditForm(forms.Form):
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    reason = forms.CharField(
        label=_("Reason for the referral"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        kwargs.setdefault("initial", {"urgency": referral.urgency, "reason": referral.reason})
        super().__init__(*args, **kwargs)
        self.answers = list(referral.answers.all())
        for answer in self.answers:
            self.fields[f"answer_{answer.pk}"] = forms.ChoiceField(
                label=answer.criterion_text,
                choices=CriterionAnswer.Answer.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=answer.answer,
            )
            self.fields[f"note_{answer.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=500, initial=answer.note
            )

    def criteria(self):
        for answer in self.answers:
            yield answer, self[f"answer_{answer.pk}"], self[f"note_{answer.pk}"]

    def answers_for_service(self) -> dict:
        return {
            answer.criterion_id: {
                "answer": self.cleaned_data.get(f"answer_{answer.pk}", ""),
                "note": self.cleaned_data.get(f"note_{answer.pk}", ""),
            }
            for answer in self.answers
            if answer.criterion_id
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=200)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded)
        return uploaded


class ConfirmForm(forms.Form):
    """Actions without input (submit, start review): the button is the whole form."""


class NoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    """A case-review decision with the members present (accept, decline, request info)."""

    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput())
    members_present = UserMultipleChoiceField(
        label=_("Members present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, decision: str, reviewers, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.fields["members_present"].queryset = reviewers
        if user is not None:
            self.fields["members_present"].initial = [user.pk]
        self.fields["meeting_date"].initial = timezone.localdate()
        if decision in (ReviewDecision.Decision.DECLINE, ReviewDecision.Decision.REQUEST_INFO):
            self.fields["reason"].required = True
            self.fields["reason"].label = (
                _("Reason for the sender")
                if decision == ReviewDecision.Decision.DECLINE
                else _("What information is missing")
            )


class PlaceForm(forms.Form):
    moved_in_on = forms.DateField(label=_("Moved in"), widget=DateInput())
    lease_start = forms.DateField(label=_("Lease start"), widget=DateInput())
    lease_end = forms.DateField(label=_("Lease end"), widget=DateInput())
    support_worker = UserChoiceField(label=_("Worker who visits"), queryset=None)

    def __init__(self, *args, workers, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_worker"].queryset = workers
        today = timezone.localdate()
        self.fields["moved_in_on"].initial = today
        self.fields["lease_start"].initial = today
        if workers.filter(pk=user.pk).exists():
            self.fields["support_worker"].initial = user.pk


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    closed_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Closing note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class FlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseFlag.Kind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendLeaseForm(forms.Form):
    lease_end = forms.DateField(label=_("New end of the lease"), widget=DateInput())


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=300)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())


class GoalUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanGoal.Status.choices)
    progress = forms.CharField(
        label=_("Progress"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Members ----------------------------------------------------------------------------


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


ACTION_FORMS = {
    workflow.Action.SUBMIT: ConfirmForm,
    workflow.Action.START_REVIEW: ConfirmForm,
    workflow.Action.WITHDRAW: NoteForm,
    workflow.Action.PLACE: PlaceForm,
    workflow.Action.CLOSE: CloseForm,
}
DECISIONS = {
    workflow.Action.ACCEPT: ReviewDecision.Decision.ACCEPT,
    workflow.Action.DECLINE: ReviewDecision.Decision.DECLINE,
    workflow.Action.REQUEST_INFO: ReviewDecision.Decision.REQUEST_INFO,
}
