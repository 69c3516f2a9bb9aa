"""Forms of the referral's state changes: the workflow's actions and the case-review
group's decisions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import council_resolution_fields, council_resolution_for
from core.validators import validate_not_future
from core.widgets import DateInput
from partners.models import ReasonCode

from .. import workflow
from ..models import Outcome, ReviewDecision
from ..validators import validate_meeting_date
from .fields import UserChoiceField, UserMultipleChoiceField


def reason_code_field(code_list: str, label, *, required=True) -> forms.ModelChoiceField:
    """A choice from one code list (only codes in use are offered)."""
    return forms.ModelChoiceField(
        label=label,
        queryset=ReasonCode.objects.filter(code_list=code_list, is_active=True),
        required=required,
    )


CODE_LISTS = {
    ReviewDecision.Decision.DECLINE: (ReasonCode.List.DECLINE, _("Reason for the decline")),
    ReviewDecision.Decision.EXCLUDE: (ReasonCode.List.EXCLUSION, _("Reason for the exclusion")),
}


class ConfirmForm(forms.Form):
    """Actions without input (submit, start review): the button is the whole form."""


class AnswerForm(forms.Form):
    """Resubmitting after "Request more information": the sender's answer, recorded in
    the history and shown to the receiver."""

    reason = forms.CharField(
        label=_("Your answer to the programme's request"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you added or changed, and anything the programme should know."),
    )


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
    meeting_date = forms.DateField(
        label=_("Meeting date"), widget=DateInput(), validators=[validate_meeting_date]
    )
    members_present = UserMultipleChoiceField(
        label=_("Members present"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    override_reason = forms.CharField(
        label=_("Reason for the exception from the conditions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sender reads it on the referral's timeline."),
    )

    def __init__(self, *args, decision: str, reviewers, user=None, overrides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.overrides = list(overrides)
        if decision != ReviewDecision.Decision.ACCEPT or not self.overrides:
            del self.fields["override_reason"]
        else:
            self.fields["override_reason"].required = True
        self.fields["members_present"].queryset = reviewers
        if user is not None:
            self.fields["members_present"].initial = [user.pk]
        self.fields["meeting_date"].initial = timezone.localdate()
        if decision in CODE_LISTS:
            code_list, label = CODE_LISTS[decision]
            self.fields["reason_code"] = reason_code_field(code_list, label)
            self.order_fields(["reason_code", "reason"])
        if decision == ReviewDecision.Decision.EXCLUDE:
            self.fields["reason"].required = True
            self.fields["reason"].label = _("What happened and what was tried")
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
    council_resolution_number, council_resolution_date = council_resolution_fields()

    def __init__(self, *args, workers, user, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        council_resolution_for(self, programme)
        self.fields["support_worker"].queryset = workers
        today = timezone.localdate()
        self.fields["moved_in_on"].initial = today
        self.fields["lease_start"].initial = today
        if workers.filter(pk=user.pk).exists():
            self.fields["support_worker"].initial = user.pk


class CloseForm(forms.Form):
    """Closing a case; an exclusion is the case-review group's decision, not offered here."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in Outcome.choices if c[0] != Outcome.EXCLUDED]
    )
    end_code = reason_code_field(
        ReasonCode.List.EARLY_END, _("Reason for the early end"), required=False
    )
    closed_on = forms.DateField(
        label=_("Ended on"), widget=DateInput(), validators=[validate_not_future]
    )
    reason = forms.CharField(
        label=_("Closing note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Outcome.DROPPED_OUT and not cleaned.get("end_code"):
            self.add_error("end_code", _("Choose why the stay ended early."))
        return cleaned


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
    workflow.Action.EXCLUDE: ReviewDecision.Decision.EXCLUDE,
}
