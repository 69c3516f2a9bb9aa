"""Forms of a stay: the lease, visits and the individual plan's goals."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import validate_not_future
from core.widgets import DateInput

from ..models import PlanGoal


class ExtendLeaseForm(forms.Form):
    lease_end = forms.DateField(label=_("New end of the lease"), widget=DateInput())


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label=_("Date of the visit"), widget=DateInput(), validators=[validate_not_future]
    )
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
