"""Programmes an organisation offers, their lease rules and visit schedule."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..taxonomy import PathwayStage, TargetGroup
from .organisations import Organisation


class Approach(models.TextChoices):
    HOUSING_FIRST = "housing_first", _("Housing First")
    HOUSING_READY = "housing_ready", _("Housing Ready (staircase)")
    OTHER = "other", _("Other or not stated")


class Programme(models.Model):
    """A service or housing programme an organisation offers, on one pathway stage."""

    class Kind(models.TextChoices):
        HOUSING = "housing", _("Housing programme")
        SHELTER = "shelter", _("Shelter")
        FIELD_WORK = "field_work", _("Field social work")
        COUNSELLING = "counselling", _("Counselling")
        SUPPORT_IN_HOUSING = "support_in_housing", _("Support in housing")
        RENTAL_AGENCY = "rental_agency", _("Rental agency flats")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    stage = models.ForeignKey(
        PathwayStage,
        verbose_name=_("pathway stage"),
        on_delete=models.PROTECT,
        related_name="programmes",
        null=True,
        blank=True,
    )
    local_stage_name = models.CharField(
        _("local name of the stage"),
        max_length=100,
        blank=True,
        help_text=_("What this town calls the stage, e.g. “tréninkové bydlení”."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="programmes"
    )
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    capacity_unit = models.CharField(
        _("capacity unit"), max_length=30, blank=True, help_text=_("e.g. flats, beds")
    )
    area_served = models.CharField(_("area served"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    stays_are_tenancies = models.BooleanField(
        _("stays are tenancies"),
        default=False,
        help_text=_(
            "The household holds a lease of its own here (Přerov's training housing, "
            "Kadaň's entry flats): the outcome measures count these stays as tenancies, "
            "like social, affordable and standard housing."
        ),
    )
    # Lease rules (see partners.rules): placement and every renewal are checked against them.
    max_stay_months = models.PositiveSmallIntegerField(
        _("maximum stay (months)"),
        null=True,
        blank=True,
        help_text=_("All leases of one stay together, counted from the first lease's start."),
    )
    lease_term_min_months = models.PositiveSmallIntegerField(
        _("shortest lease (months)"),
        null=True,
        blank=True,
        help_text=_("One lease or renewal runs at least this long (Přerov: 3 months)."),
    )
    lease_term_months = models.PositiveSmallIntegerField(
        _("longest lease (months)"),
        null=True,
        blank=True,
        help_text=_("One lease or renewal runs at most this long (Přerov, Ostrava: 6 months)."),
    )
    leases_until = models.DateField(
        _("leases run until"),
        null=True,
        blank=True,
        help_text=_(
            "No lease may end later, e.g. the end of the project the programme is part of "
            "(Ostrava: renewed for 6 months at a time until the project ends)."
        ),
    )
    lease_reminder_days = models.PositiveSmallIntegerField(
        _("remind before a lease ends (days)"),
        default=30,
        help_text=_("The key worker and the visiting worker are reminded this long before."),
    )
    visit_interval_days = models.PositiveSmallIntegerField(
        _("key worker visits at least every (days)"),
        null=True,
        blank=True,
        help_text=_("From move-in; later changes of frequency are the visit schedule's phases."),
    )
    response_time_days = models.PositiveSmallIntegerField(
        _("answer to a referral within (days)"), default=14
    )
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=True)
    lease_needs_council_resolution = models.BooleanField(
        _("the lease needs a council resolution"),
        default=False,
        help_text=_(
            "The city council approves each lease (Přerov): the move-in records the "
            "resolution's number and date."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    approach = models.CharField(
        _("approach"),
        max_length=20,
        choices=Approach.choices,
        default=Approach.OTHER,
        help_text=_("Housing First: a flat first, support after. Housing Ready: earn each step."),
    )
    registry_id = models.CharField(
        _("identifier in the MPSV registry"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^\d{7}$", _("The identifier has 7 digits."))],
        help_text=_(
            "The social service's identifier in the registry of social-service providers "
            "(7 digits); the registry import matches the programme by it."
        ),
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="programme_unique_slug"),
            # One registered social service is one programme, so the import can match it.
            models.UniqueConstraint(
                fields=["registry_id"],
                condition=~models.Q(registry_id=""),
                name="programme_unique_registry_id",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.short_name or self.organisation.name})"

    @property
    def stage_label(self) -> str:
        return self.local_stage_name or (self.stage.name if self.stage else "")

    def clean(self):
        super().clean()
        shortest, longest, total = (
            self.lease_term_min_months,
            self.lease_term_months,
            self.max_stay_months,
        )
        if shortest and longest and shortest > longest:
            raise ValidationError(
                {"lease_term_min_months": _("The shortest lease is longer than the longest.")}
            )
        if longest and total and longest > total:
            raise ValidationError(
                {"lease_term_months": _("One lease cannot be longer than the whole stay.")}
            )


class VisitPhase(models.Model):
    """A change in how often the key worker visits, some months into a stay. Ostrava's
    social flats: weekly for the first 3 months (the programme's own interval), then about
    twice a week; its affordable flats: monthly after 3 months; Přerov's affordable flats:
    monitoring ends after 6 months (a phase without an interval)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="visit_phases")
    starts_after_months = models.PositiveSmallIntegerField(
        _("from month of the stay"),
        validators=[MinValueValidator(1)],
        help_text=_("Months after move-in when this frequency applies."),
    )
    interval_days = models.PositiveSmallIntegerField(
        _("visits at least every (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no visits required from then on (monitoring has ended)."),
    )

    class Meta:
        ordering = ["starts_after_months"]
        verbose_name = _("phase of the visit schedule")
        verbose_name_plural = _("phases of the visit schedule")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "starts_after_months"], name="visit_phase_unique_start"
            )
        ]

    def __str__(self):
        return f"{self.programme_id}: +{self.starts_after_months} m"
