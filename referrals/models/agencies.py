"""Partner agencies as parties of a case: the child-protection office (OSPOD), the labour
office (Úřad práce), debt counselling and others involved with the client, and the labour
office's benefits as records (what, how much, for which period, paid to whom)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import not_negative, not_negative_constraint, period_constraint
from partners.models import Organisation

from .clients import Category, Client


class AgencyInvolvement(models.Model):
    """An agency working with the client: who, since when, the contact person and what was
    agreed. OSPOD involvement is its own data category (Category.CHILD_PROTECTION), seen by
    fewer people than the rest of the record (see permissions.client_categories_for)."""

    class Kind(models.TextChoices):
        CHILD_PROTECTION = "child_protection", _("Child-protection office (OSPOD)")
        LABOUR_OFFICE = "labour_office", _("Labour office (Úřad práce)")
        DEBT_COUNSELLING = "debt_counselling", _("Debt counselling")
        OTHER = "other", _("Other agency")

    # The data category each kind belongs to.
    CATEGORY = {
        Kind.CHILD_PROTECTION: Category.CHILD_PROTECTION,
        Kind.LABOUR_OFFICE: Category.FINANCES,
        Kind.DEBT_COUNSELLING: Category.FINANCES,
        Kind.OTHER: Category.HOUSEHOLD,
    }

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="involvements")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="client_involvements",
    )
    organisation_name = models.CharField(
        _("agency not in the directory"),
        max_length=200,
        blank=True,
        help_text=_("e.g. OSPOD Praha 8, when the office is not in the portal's directory"),
    )
    since = models.DateField(_("involved since"), null=True, blank=True)
    until = models.DateField(_("involved until"), null=True, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    contact = models.CharField(_("phone or e-mail"), max_length=150, blank=True)
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-since", "pk"]
        verbose_name = _("agency involved")
        verbose_name_plural = _("agencies involved")
        constraints = [
            period_constraint("since", "until", name="agency_involvement_period_ordered")
        ]

    def __str__(self):
        return f"{self.client_id}: {self.kind}"

    @property
    def category(self) -> str:
        return self.CATEGORY[self.Kind(self.kind)]

    @property
    def agency_label(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.organisation_name or str(self.get_kind_display())

    @property
    def is_current(self) -> bool:
        return self.until is None


class BenefitRecord(models.Model):
    """A labour-office benefit: housing allowance (příspěvek na bydlení), housing supplement
    (doplatek na bydlení), or one-off emergency aid (mimořádná okamžitá pomoc, e.g. for the
    deposit). Finances category."""

    class Kind(models.TextChoices):
        HOUSING_ALLOWANCE = "housing_allowance", _("Housing allowance (příspěvek na bydlení)")
        HOUSING_SUPPLEMENT = "housing_supplement", _("Housing supplement (doplatek na bydlení)")
        EMERGENCY_AID = "emergency_aid", _("One-off emergency aid (mimořádná okamžitá pomoc)")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(_("benefit"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (CZK)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[not_negative],
        help_text=_("per month; the whole sum for one-off aid"),
    )
    period_from = models.DateField(_("from"), null=True, blank=True)
    period_until = models.DateField(_("until"), null=True, blank=True)
    paid_directly = models.BooleanField(_("paid directly to the landlord"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_from", "pk"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        constraints = [
            not_negative_constraint("amount", name="benefit_amount_not_negative"),
            period_constraint("period_from", "period_until", name="benefit_period_ordered"),
        ]

    def __str__(self):
        return f"{self.client_id}: {self.kind}"
