"""Clients and their households (their consents to share data: `consents`).

A client's personal data is grouped into categories (identity, household, finances and
debts, health and addiction, notes, and the child-protection office's involvement). The
organisation responsible for the case sees all of them; any other organisation sees only
the categories the client consented to share with it (see
permissions.client_categories_for).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.validators import (
    EARLIEST_BIRTH_DATE,
    not_negative,
    not_negative_constraint,
    validate_birth_date,
)
from partners.models import Organisation, TargetGroup


class Category(models.TextChoices):
    IDENTITY = "identity", _("Identity and contact")
    HOUSEHOLD = "household", _("Household and housing situation")
    FINANCES = "finances", _("Finances and debts")
    HEALTH = "health", _("Health and addiction")
    NOTES = "notes", _("Notes")
    # Its own category, shared only on purpose and seen by fewer (permissions.checks).
    CHILD_PROTECTION = "child_protection", _("Child-protection office (OSPOD) involvement")


class HousingSituation(models.TextChoices):
    STREET = "street", _("Street (roofless)")
    SHELTER = "shelter", _("Shelter")
    HOSTEL = "hostel", _("Commercial hostel")
    EXCLUDED_LOCALITY = "excluded_locality", _("Socially excluded locality")
    INSTITUTION = "institution", _("Institution (care, prison, hospital)")
    FLAT_AT_RISK = "flat_at_risk", _("Flat at risk of loss")
    OTHER = "other", _("Other")


class Client(models.Model):
    """A household's case. `__str__` is the reference code: a name never reaches a log
    line, an error report or a URL."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    responsible_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="referral_clients",
    )
    key_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("key worker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_worker_clients",
    )

    # Identity and contact
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(
        _("date of birth"), null=True, blank=True, validators=[validate_birth_date]
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_address = models.CharField(_("contact address"), max_length=200, blank=True)
    permanent_residence = models.CharField(
        _("permanent residence (municipality or district)"),
        max_length=100,
        blank=True,
        help_text=_("e.g. Přerov, or Ostrava-Jih; programmes may require it"),
    )

    # Household and housing situation
    housing_situation = models.CharField(
        _("current housing situation"),
        max_length=20,
        choices=HousingSituation.choices,
        default=HousingSituation.OTHER,
    )
    housing_note = models.TextField(_("housing situation in detail"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="+"
    )
    needs = models.TextField(_("needs"), blank=True)
    past_evictions = models.PositiveSmallIntegerField(_("past evictions"), default=0)
    evictions_note = models.CharField(_("evictions in detail"), max_length=300, blank=True)

    # Finances and debts
    monthly_income = models.DecimalField(
        _("household's monthly income (CZK)"),
        max_digits=9,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[not_negative],
    )
    monthly_housing_costs = models.DecimalField(
        _("housing costs a month (CZK)"),
        max_digits=9,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("rent, services and energy the household pays now"),
    )
    debt_to_city = models.DecimalField(
        _("debt to the city (CZK)"),
        max_digits=9,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[not_negative],
    )
    city_repayment_schedule = models.CharField(
        _("repayment schedule with the city"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 500 CZK a month since March; empty if there is none"),
    )
    debt_to_energy_supplier = models.DecimalField(
        _("debt to energy suppliers (CZK)"),
        max_digits=9,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[not_negative],
    )
    enforcement_proceedings = models.PositiveSmallIntegerField(
        _("enforcement proceedings (exekuce)"), default=0
    )
    debts_note = models.TextField(_("debts in detail"), blank=True)

    # Health and addiction
    health_and_addiction = models.TextField(_("health and addiction"), blank=True)

    # Notes
    notes = models.TextField(_("notes"), blank=True)

    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    # Which fields belong to which consent category; household members are HOUSEHOLD.
    CATEGORY_FIELDS = {
        Category.IDENTITY: [
            "first_name",
            "last_name",
            "birth_date",
            "phone",
            "email",
            "contact_address",
            "permanent_residence",
        ],
        Category.HOUSEHOLD: [
            "housing_situation",
            "housing_note",
            "needs",
            "past_evictions",
            "evictions_note",
        ],
        Category.FINANCES: [
            "monthly_income",
            "monthly_housing_costs",
            "debt_to_city",
            "city_repayment_schedule",
            "debt_to_energy_supplier",
            "enforcement_proceedings",
            "debts_note",
        ],
        Category.HEALTH: ["health_and_addiction"],
        Category.NOTES: ["notes"],
        # Records only (AgencyInvolvement of the OSPOD kind), no field of the client.
        Category.CHILD_PROTECTION: [],
    }

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__gte=EARLIEST_BIRTH_DATE) | Q(birth_date__isnull=True),
                name="client_birth_date_plausible",
                violation_error_message=_("A date of birth cannot be before 1900."),
            ),
            *[
                not_negative_constraint(name, name=f"client_{name}_not_negative")
                for name in ("monthly_income", "debt_to_city", "debt_to_energy_supplier")
            ],
        ]

    def __str__(self):
        return self.reference

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def children(self):
        return [m for m in self.household_members.all() if m.is_child]


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Child")
        OTHER = "other", _("Other member")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="household_members")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    birth_date = models.DateField(
        _("date of birth"), null=True, blank=True, validators=[validate_birth_date]
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__gte=EARLIEST_BIRTH_DATE) | Q(birth_date__isnull=True),
                name="household_member_birth_date_plausible",
                violation_error_message=_("A date of birth cannot be before 1900."),
            )
        ]

    def __str__(self):
        return f"{self.client.reference} #{self.pk}"

    @property
    def age(self) -> int | None:
        if self.birth_date is None:
            return None
        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def is_child(self) -> bool:
        if self.relation == self.Relation.CHILD:
            return True
        age = self.age
        return age is not None and age < 18


class ClientAccessLog(models.Model):
    """Who read which client record, when and where: every page that shows client data
    writes a row (services.client_record_read)."""

    class Via(models.TextChoices):
        CLIENT_PAGE = "client_page", _("Client record")
        REFERRAL_PAGE = "referral_page", _("Referral page")
        HISTORY = "history", _("History")
        ATTACHMENT = "attachment", _("Attachment download")
        CONSENT_FORM = "consent_form", _("Consent form download")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    via = models.CharField(max_length=20, choices=Via.choices)
    object_reference = models.CharField(max_length=40, blank=True)
    accessed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-accessed_at"]
        verbose_name = _("client record access")
        verbose_name_plural = _("client record accesses")

    def __str__(self):
        return f"{self.client.reference} {self.accessed_at:%Y-%m-%d %H:%M}"


class ReferenceSequence(models.Model):
    """Per-year counters for reference codes (K-2026-0042); the row is locked while one
    number is taken, so two workers never get the same code."""

    prefix = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_sequence_unique")
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_value}"


class ClientUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Client, on_delete=models.CASCADE)


class ClientGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Client, on_delete=models.CASCADE)
