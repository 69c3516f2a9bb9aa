"""Form pieces that the forms of more than one app share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .validators import validate_not_future
from .widgets import DateInput


def council_resolution_fields() -> tuple[forms.CharField, forms.DateField]:
    """The council's resolution on a lease (its number and date), for a form's class body:
    `council_resolution_number, council_resolution_date = council_resolution_fields()`."""
    return (
        forms.CharField(label=_("Council resolution number"), required=False, max_length=50),
        forms.DateField(
            label=_("Council resolution date"),
            required=False,
            widget=DateInput(),
            validators=[validate_not_future],
        ),
    )


def council_resolution_for(form: forms.Form, programme) -> None:
    """Ask for the resolution where the programme's leases need one (required), leave it out
    where they do not; without a programme both fields stay optional."""
    if programme is None:
        return
    if not programme.lease_needs_council_resolution:
        del form.fields["council_resolution_number"]
        del form.fields["council_resolution_date"]
    else:
        form.fields["council_resolution_number"].required = True
        form.fields["council_resolution_date"].required = True
