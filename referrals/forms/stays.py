"""Forms of a stay: the lease, visits and the individual plan's goals."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import validate_not_future
from core.widgets import DateInput

from ..models import PlanGoal
from .page import CasePageForm


class ExtendLeaseForm(CasePageForm):
    """A renewal and the decision behind it; the service checks the programme's terms."""

    id_prefix = "lease"

    lease_end = forms.DateField(label=_("New end of the lease"), widget=DateInput())
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    resolution = forms.CharField(
        label=_("Resolution number"),
        max_length=60,
        required=False,
        help_text=_("E.g. the city council's resolution approving the lease."),
    )
    note = forms.CharField(
        label=_("Basis of the decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who decided and why, when there is no resolution number."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class VisitForm(CasePageForm):
    id_prefix = "visit"

    visited_on = forms.DateField(
        label=_("Date of the visit"), widget=DateInput(), validators=[validate_not_future]
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()


class GoalForm(CasePageForm):
    id_prefix = "goal"

    text = forms.CharField(label=_("Goal"), max_length=300)
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=PlanGoal.Topic.choices,
        initial=PlanGoal.Topic.OTHER,
        required=False,
        help_text=_("What the outcome measures count the goal as (e.g. repaying debts)."),
    )

    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def clean_topic(self):
        return self.cleaned_data.get("topic") or PlanGoal.Topic.OTHER


class GoalUpdateForm(CasePageForm):
    id_prefix = "goal-update"

    status = forms.ChoiceField(label=_("Status"), choices=PlanGoal.Status.choices)
    progress = forms.CharField(
        label=_("Progress"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
