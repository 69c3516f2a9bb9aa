"""The money of a stay: the programme's rules, the account of a stay (deposit and its
instalments, variable symbol), the rent and services per month, payments, imported payment
lists and house-rule breaches. What follows from them (charges, arrears, the months in
arrears) is computed by referrals.ledger, never stored, except the arrears flag's date."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import not_negative, not_negative_constraint, validate_not_future
from partners.models import Organisation, Programme

from .stays import Stay

MONEY = {"max_digits": 10, "decimal_places": 2, "validators": [not_negative]}


def _not_negative(table: str, field: str) -> models.CheckConstraint:
    return not_negative_constraint(field, name=f"{table}_{field}_not_negative")


variable_symbol_validator = RegexValidator(
    r"^\d{1,10}$", _("A variable symbol has one to ten digits.")
)


class FinanceRules(models.Model):
    """A programme's money rules: the deposit a new tenant pays and in how many monthly
    instalments (Přerov: 1 000 Kč in 3 for a social flat, 2 000 Kč in 4 for an affordable
    one), the arrears above which the key worker is warned, and for a programme that is one
    tier of a staircase (Kadaň) the tiers above and below and when to suggest a move."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="finance_rules",
    )
    deposit_amount = models.DecimalField(_("deposit (CZK)"), null=True, blank=True, **MONEY)
    deposit_instalments = models.PositiveSmallIntegerField(
        _("deposit instalments"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    arrears_threshold = models.DecimalField(
        _("arrears threshold (CZK)"),
        default=0,
        help_text=_("Arrears above this amount raise a flag and remind the key worker."),
        **MONEY,
    )
    tier_up = models.ForeignKey(
        Programme,
        verbose_name=_("next tier up"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    tier_down = models.ForeignKey(
        Programme,
        verbose_name=_("next tier down"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    up_after_months = models.PositiveSmallIntegerField(
        _("suggest moving up after months without arrears and breaches"),
        null=True,
        blank=True,
    )
    down_after_months_in_arrears = models.PositiveSmallIntegerField(
        _("suggest moving down after months in arrears"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("money rules of a programme")
        verbose_name_plural = _("money rules of programmes")
        constraints = [
            _not_negative("finance_rules", "deposit_amount"),
            _not_negative("finance_rules", "arrears_threshold"),
        ]

    def __str__(self):
        return f"{self.programme_id} money rules"


class StayAccount(models.Model):
    """The tenant's account with the organisation that keeps the stay (the receiving
    programme's): the deposit with its instalment plan, when rent falls due, and the
    variable symbol the accounting's payment lists carry."""

    stay = models.OneToOneField(Stay, on_delete=models.CASCADE, related_name="account")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="stay_accounts", editable=False
    )
    variable_symbol = models.CharField(
        _("variable symbol"), max_length=10, blank=True, validators=[variable_symbol_validator]
    )
    due_day = models.PositiveSmallIntegerField(
        _("rent due by day of the month"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    deposit_amount = models.DecimalField(_("deposit (CZK)"), default=0, **MONEY)
    deposit_instalments = models.PositiveSmallIntegerField(
        _("deposit instalments"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    deposit_first_due = models.DateField(_("first instalment due"), null=True, blank=True)
    # Kept by services.finance.account_refresh: the day the arrears rose above the
    # programme's threshold, empty while they are below it.
    arrears_flag_since = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["arrears_flag_since"])

    class Meta:
        verbose_name = _("stay account")
        verbose_name_plural = _("stay accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "variable_symbol"],
                condition=~Q(variable_symbol=""),
                name="stay_account_unique_variable_symbol",
            ),
            _not_negative("stay_account", "deposit_amount"),
        ]

    def __str__(self):
        return f"account of stay {self.stay_id}"


class RentTerms(models.Model):
    """Rent and services per month from a month on (a new row when the services' advance
    changes after the yearly settlement)."""

    account = models.ForeignKey(StayAccount, on_delete=models.CASCADE, related_name="terms")
    valid_from = models.DateField(_("from the month"))
    rent = models.DecimalField(_("rent per month (CZK)"), **MONEY)
    services = models.DecimalField(_("services per month (CZK)"), default=0, **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("rent and services")
        verbose_name_plural = _("rent and services")
        constraints = [
            models.UniqueConstraint(fields=["account", "valid_from"], name="rent_terms_unique"),
            _not_negative("rent_terms", "rent"),
            _not_negative("rent_terms", "services"),
        ]

    def __str__(self):
        return f"{self.account_id} from {self.valid_from:%Y-%m}"

    @property
    def monthly(self):
        return self.rent + self.services


class PaymentImport(models.Model):
    """One payment list imported from the accounting: who, when, which file (by its hash,
    so the same file is never imported twice) and what came of it."""

    class Encoding(models.TextChoices):
        """The encodings a Czech accounting export comes in (docs/payment-import.md)."""

        UTF8 = "utf-8", "UTF-8"
        WINDOWS_1250 = "cp1250", "Windows-1250"
        ISO_8859_2 = "iso-8859-2", "ISO-8859-2 (Latin 2)"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="payment_imports"
    )
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    # (line, variable symbol) of the rows no stay of the organisation carries: the
    # accounting's other tenants, listed for the worker to check.
    skipped_rows = models.JSONField(default=list, blank=True)
    # (line, variable symbol) of the rows an earlier list already brought in (overlapping
    # exports, docs/payment-import.md "Importing twice"): not recorded again.
    duplicates = models.PositiveIntegerField(default=0)
    duplicate_rows = models.JSONField(default=list, blank=True)
    # The encoding the file was read in (chosen by the worker or detected).
    encoding = models.CharField(max_length=20, blank=True, choices=Encoding.choices)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    # An import undone (e.g. read in the wrong encoding): the list and its payments stay,
    # cancelled, with who undid it, when and why; the file may then be imported again.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(_("why the import was undone"), max_length=300, blank=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("imported payment list")
        verbose_name_plural = _("imported payment lists")
        constraints = [
            # The same file once, unless its import was undone.
            models.UniqueConstraint(
                fields=["organisation", "sha256"],
                condition=Q(cancelled_at__isnull=True),
                name="payment_import_unique_file",
            )
        ]

    def __str__(self):
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class Payment(models.Model):
    """A payment to the account. Never edited: a mistake is cancelled (who and when are
    kept) and recorded again, so the record is its own audit trail."""

    class Payer(models.TextChoices):
        CLIENT = "client", _("Client")
        LABOUR_OFFICE = "labour_office", _("Labour office (direct payment)")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Recorded by hand")
        IMPORT = "import", _("Imported from the accounting")

    account = models.ForeignKey(StayAccount, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("paid on"), validators=[validate_not_future])
    amount = models.DecimalField(_("amount (CZK)"), **MONEY)
    payer = models.CharField(_("payer"), max_length=20, choices=Payer.choices)
    variable_symbol = models.CharField(_("variable symbol"), max_length=10, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    batch = models.ForeignKey(
        PaymentImport, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    # An imported payment's identity as an accounting line: the n-th payment of this amount
    # to this account (variable symbol) on this day in the accounting's lists. An
    # overlapping export brings the same lines again; they match by (account, date,
    # amount, n) and are not recorded twice. Empty for payments recorded by hand.
    occurrence = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
            models.UniqueConstraint(
                fields=["account", "paid_on", "amount", "occurrence"],
                condition=Q(occurrence__isnull=False),
                name="payment_unique_accounting_line",
            ),
        ]

    def __str__(self):
        return f"payment {self.pk} of account {self.account_id}"


class HouseRuleBreach(models.Model):
    """A breach of the house rules (domovní řád) during a stay: with the payment record, what
    Kadaň's tiers weigh."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="breaches")
    occurred_on = models.DateField(_("date"), validators=[validate_not_future])
    description = models.CharField(_("what happened"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("house-rule breach")
        verbose_name_plural = _("house-rule breaches")

    def __str__(self):
        return f"breach {self.pk} of stay {self.stay_id}"
