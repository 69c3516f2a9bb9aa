"""Forms of an organisation's members."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Membership


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
