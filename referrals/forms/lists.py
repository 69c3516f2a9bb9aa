"""The filters of the referral lists."""

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Urgency


class _Pairs(BaseChoiceIterator):
    """Choices that are (value, label) pairs already. Django normalises a list of choices
    at every assignment (the field's, its widget's, FastSelect's), one call per pair and
    part (about a thousand for the 300 programmes at scale M); an iterator of choices it
    takes as it is."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


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
        # (id, label) pairs (selectors.programmes_for_filter)
        self.fields["programme"].choices = _Pairs([("", _("Any programme")), *programmes])

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
