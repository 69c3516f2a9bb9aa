"""Forms of a stay's money: the account's settings, rent and services, a payment, a
house-rule breach, and a payment list to import. Amounts are Decimal fields (Kč)."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import validate_not_future
from core.widgets import DateInput

from ..amounts import parse_amount
from ..models import Payment, PaymentImport
from ..models.finance import variable_symbol_validator
from .page import CasePageForm

MAX_LIST_BYTES = 5 * 1024 * 1024


class AmountField(forms.DecimalField):
    """Kč as Czech people write them (2 450; 2 450,00; 2.450,00; 2 450,-; 2450 Kč), read by
    referrals.amounts; anything else goes to Django's localised reading and its message."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            parsed = parse_amount(value)
            if parsed is not None:
                return parsed
        return super().to_python(value)


def money_field(label, required=True, min_value=0, **kwargs):
    return AmountField(
        label=label,
        required=required,
        min_value=min_value,
        max_digits=10,
        decimal_places=2,
        localize=True,
        **kwargs,
    )


class AccountForm(CasePageForm):
    id_prefix = "account"

    variable_symbol = forms.CharField(
        label=_("Variable symbol"),
        required=False,
        max_length=10,
        validators=[variable_symbol_validator],
        help_text=_("The one the city's accounting uses, for importing payment lists."),
    )
    due_day = forms.IntegerField(
        label=_("Rent due by day of the month"),
        initial=5,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    deposit_amount = money_field(_("Deposit (CZK)"), initial=0)
    deposit_instalments = forms.IntegerField(
        label=_("In instalments"),
        initial=1,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    deposit_first_due = forms.DateField(
        label=_("First instalment due"), required=False, widget=DateInput()
    )


class RentTermsForm(CasePageForm):
    id_prefix = "rent"

    valid_from = forms.DateField(
        label=_("From the month"),
        widget=DateInput(),
        help_text=_("Any day of the month; rent is charged for whole months."),
    )
    rent = money_field(_("Rent per month (CZK)"))
    services = money_field(_("Services per month (CZK)"), required=False, initial=0)

    def clean_services(self):
        return self.cleaned_data.get("services") or 0


class PaymentForm(CasePageForm):
    id_prefix = "payment"

    paid_on = forms.DateField(
        label=_("Paid on"), widget=DateInput(), validators=[validate_not_future]
    )
    amount = money_field(_("Amount (CZK)"), min_value=Decimal("0.01"))
    payer = forms.ChoiceField(label=_("Payer"), choices=Payment.Payer.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()


class BreachForm(CasePageForm):
    id_prefix = "breach"

    occurred_on = forms.DateField(
        label=_("Date"), widget=DateInput(), validators=[validate_not_future]
    )
    description = forms.CharField(label=_("What happened"), max_length=300)


class PaymentImportForm(forms.Form):
    file = forms.FileField(
        label=_("Payment list (CSV)"),
        help_text=_(
            "date;variable symbol;amount – as the city's accounting exports it. "
            "A CSV file of at most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of the file"),
        required=False,
        choices=[("", _("Detect automatically")), *PaymentImport.Encoding.choices],
        help_text=_(
            "Leave it to the portal unless the notes of an imported list came out with "
            "wrong letters."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_LIST_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return uploaded


class PaymentImportUndoForm(forms.Form):
    reason = forms.CharField(
        label=_("Why undo the import"),
        max_length=300,
        help_text=_(
            "E.g. the notes came out with wrong letters: the file was read in the wrong encoding."
        ),
    )
