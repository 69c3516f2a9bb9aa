from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .taxonomy import PathwayStage, Region, TargetGroup
from .validators import validate_ico

__all__ = [
    "Approach",
    "Contact",
    "Membership",
    "Organisation",
    "PathwayStage",
    "Programme",
    "IntakeCriterion",
    "ConditionKind",
    "ReasonCode",
    "Region",
    "RegistryRecord",
    "TargetGroup",
    "VisitPhase",
]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        CITY_DISTRICT = "city_district", _("City district")
        NGO = "ngo", _("Non-profit organisation")
        SHELTER = "shelter", _("Shelter")
        RENTAL_AGENCY = "rental_agency", _("City rental agency")
        SOCIAL_SERVICES = "social_services", _("Social-service centre")
        REGION = "region", _("Region")
        EXPERT_BODY = "expert_body", _("Expert body")
        # Public bodies and services a case works with without being coalition members.
        CHILD_PROTECTION = "child_protection", _("Child-protection office (OSPOD)")
        LABOUR_OFFICE = "labour_office", _("Labour office (Úřad práce)")
        DEBT_COUNSELLING = "debt_counselling", _("Debt counselling")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    ico = models.CharField(
        # 12 characters: people type IČO with spaces ("003 01 825"); eight digits are stored.
        _("IČO"),
        max_length=12,
        blank=True,
        validators=[validate_ico],
        help_text=_("8 digits"),
    )
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_member = models.BooleanField(
        _("coalition member"),
        default=True,
        help_text=_("Members' users see members-only knowledge."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # City districts act under their city's IČO, so only they may share one.
            models.UniqueConstraint(
                fields=["ico"],
                condition=~models.Q(ico="") & ~models.Q(kind="city_district"),
                name="organisation_unique_ico",
            )
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # validate_ico accepts "003 01 825" as people write it; store the eight digits, or
        # the eight-character limit rejects it with a message that does not mention IČO.
        self.ico = (self.ico or "").replace(" ", "")
        super().clean_fields(exclude=exclude)

    def get_absolute_url(self):
        return reverse("partners:organisation", kwargs={"slug": self.slug})


class Membership(models.Model):
    class Role(models.TextChoices):
        ORG_ADMIN = "org_admin", _("Organisation administrator")
        EDITOR = "editor", _("Editor")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        CASE_REVIEWER = "case_reviewer", _("Case-review group member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]
        indexes = [models.Index(fields=["user", "is_active"])]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


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


class ConditionKind(models.TextChoices):
    """The kinds of intake condition the portal can answer from a client record (see
    referrals.conditions); FREE_TEXT is answered by the worker."""

    FREE_TEXT = "free_text", _("Free text (the worker answers)")
    NO_ENERGY_DEBT = "no_energy_debt", _("No debt to energy suppliers")
    CITY_DEBT_SCHEDULED = (
        "city_debt_scheduled",
        _("Debt to the city only with an agreed repayment schedule"),
    )
    RESIDENCE = "residence", _("Permanent residence in a municipality or district")
    MINOR_CHILDREN = "minor_children", _("Household with minor children")
    HOUSING_COST_SHARE = "housing_cost_share", _("Housing costs above a share of income")
    AGE_RANGE = "age_range", _("Age range")
    PRIOR_COOPERATION = "prior_cooperation", _("Prior cooperation with a service")


class IntakeCriterion(models.Model):
    """One condition of a programme's intake (e.g. Přerov's entry conditions): a kind the
    portal answers from the client record, with its parameters, or free text the worker
    answers."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="intake_criteria"
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=ConditionKind.choices, default=ConditionKind.FREE_TEXT
    )
    text = models.CharField(
        _("condition"),
        max_length=300,
        blank=True,
        help_text=_("The wording shown to workers; empty: the kind with its parameters."),
    )
    required = models.BooleanField(_("required"), default=True)
    place = models.CharField(
        _("municipality or district"),
        max_length=200,
        blank=True,
        help_text=_("For permanent residence: one or more names separated by commas."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    share_percent = models.PositiveSmallIntegerField(
        _("share of income (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("For housing costs: more than this share of the household's income."),
    )
    service = models.ForeignKey(
        Organisation,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For prior cooperation: the organisation; empty means any service."),
    )
    months = models.PositiveSmallIntegerField(_("for at least (months)"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("intake criterion")
        verbose_name_plural = _("intake criteria")

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        kind = self.kind
        if kind == ConditionKind.FREE_TEXT and not self.text.strip():
            errors["text"] = _("A free-text condition needs its wording.")
        if kind == ConditionKind.RESIDENCE and not self.place.strip():
            errors["place"] = _("Name the municipality or district.")
        if kind == ConditionKind.HOUSING_COST_SHARE and self.share_percent is None:
            errors["share_percent"] = _("Give the share of income.")
        if kind == ConditionKind.AGE_RANGE:
            if self.min_age is None and self.max_age is None:
                errors["min_age"] = _("Give the minimum or the maximum age.")
            elif None not in (self.min_age, self.max_age) and self.min_age > self.max_age:
                errors["max_age"] = _("The maximum age is below the minimum.")
        if kind == ConditionKind.PRIOR_COOPERATION and not self.months:
            errors["months"] = _("Give the number of months.")
        if errors:
            raise ValidationError(errors)

    @property
    def label(self) -> str:
        """The wording shown to workers: the programme's own, or one made of the kind."""
        if self.text.strip():
            return self.text
        kind = self.kind
        if kind == ConditionKind.RESIDENCE:
            return _("Permanent residence in %(place)s") % {"place": self.place}
        if kind == ConditionKind.HOUSING_COST_SHARE:
            return _("Housing costs above %(share)s %% of the household's income") % {
                "share": self.share_percent
            }
        if kind == ConditionKind.AGE_RANGE:
            if self.max_age is None:
                return _("Age at least %(min)s") % {"min": self.min_age}
            if self.min_age is None:
                return _("Age at most %(max)s") % {"max": self.max_age}
            return _("Age %(min)s to %(max)s") % {"min": self.min_age, "max": self.max_age}
        if kind == ConditionKind.PRIOR_COOPERATION:
            service = self.service.name if self.service_id else _("a social service")
            return _("Cooperation with %(service)s for at least %(months)s months") % {
                "service": service,
                "months": self.months,
            }
        return str(ConditionKind(kind).label)


class ReasonCode(models.Model):
    """One entry of a code list of reasons (Czech labels kept by the secretariat in the
    admin). A code once used is never deleted (the records point to it with PROTECT and
    the admin refuses); it can be taken out of use instead."""

    class List(models.TextChoices):
        DECLINE = "decline", _("Reasons to decline a referral")
        MOVE_DOWN = "move_down", _("Reasons to move down the pathway")
        EXCLUSION = "exclusion", _("Reasons for exclusion from a programme")
        EARLY_END = "early_end", _("Reasons for an early end of a stay")
        OFFER_SKIP = "offer_skip", _("Reasons to skip a higher-ranked applicant")

    code_list = models.CharField(_("code list"), max_length=20, choices=List.choices)
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    description = models.TextField(_("when to use it"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["code_list", "sort_order", "pk"]
        verbose_name = _("reason code")
        verbose_name_plural = _("reason codes")
        constraints = [
            models.UniqueConstraint(fields=["code_list", "code"], name="reason_code_unique")
        ]

    def __str__(self):
        return self.label


class Contact(models.Model):
    """A person or desk to contact at an organisation, or for one of its programmes.

    Only contacts marked public reach the directory and its open data (the HSDS API); the
    others are for members working on cases (e.g. the insolvency administrator of a
    debt-counselling service)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General contact")
        INTAKE = "intake", _("Intake of new clients")
        SOCIAL_WORKER = "social_worker", _("Social worker")
        MANAGER = "manager", _("Manager")
        INSOLVENCY_ADMINISTRATOR = "insolvency_administrator", _("Insolvency administrator")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="contacts",
        null=True,
        blank=True,
        help_text=_("Empty: a contact of the whole organisation."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.GENERAL)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    department = models.CharField(_("department"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown in the public directory and its open data."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self):
        if self.programme_id and self.programme.organisation_id != self.organisation_id:
            raise ValidationError(
                {"programme": _("The programme belongs to another organisation.")}
            )


class RegistryRecord(models.Model):
    """What the registry of social-service providers (MPSV) says of one provider (by IČO)
    or one registered service (by its identifier), as of the last import.

    `values` is the registry's latest version of the fields the import maps; `applied`
    holds, per field, the value the import last wrote into the linked organisation or
    programme. A field whose current value differs from `applied` was edited by a member
    and is never overwritten. A record not linked to anything is a proposal: the import
    never publishes a new service on its own."""

    class Kind(models.TextChoices):
        PROVIDER = "provider", _("Provider")
        SERVICE = "service", _("Social service")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        LINKED = "linked", _("Linked")
        DISMISSED = "dismissed", _("Dismissed")

    source = models.CharField(max_length=20, default="mpsv", editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(
        _("identifier"), max_length=20, help_text=_("IČO of a provider, identifier of a service")
    )
    provider_ico = models.CharField(_("provider's IČO"), max_length=8, blank=True)
    name = models.CharField(_("name"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registry_records",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registry_records",
    )
    values = models.JSONField(_("values in the registry"), default=dict)
    applied = models.JSONField(default=dict, editable=False)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()
    changed_at = models.DateTimeField(
        _("changed in the registry"), help_text=_("The last import that brought new values.")
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("registry record")
        verbose_name_plural = _("registry records")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "key"], name="registry_record_unique_key"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}: {self.name}"
