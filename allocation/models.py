"""Allocation of flats: a programme's scoring criteria, the waiting list (pořadník) built
from accepted referrals, the flats of the coalition and the offers of a flat to an applicant.

Ranking rules (documented for the commission, see selectors.ranked_entries): a higher final
score first; on a tie, the applicant who has waited longer on the list (earlier
`waiting_since`); then the one whose referral was submitted earlier; then the older entry.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import NotNegative, not_negative, not_negative_constraint, period_constraint
from partners.models import Organisation, PathwayStage, Programme, ReasonCode
from referrals.models import Referral, Stay


class District(models.Model):
    """A city district (městský obvod) or a town where flats are and applicants want to live."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class ScoringCriterion(models.Model):
    """One line of a programme's points table, e.g. “family with children: 10 points”."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="scoring_criteria"
    )
    name = models.CharField(_("criterion"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points"))
    evidence = models.CharField(_("how to evidence it"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "sort_order", "pk"]
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")

    def __str__(self):
        return f"{self.name} ({self.points})"

    def as_item(self) -> dict:
        """The criterion as recorded in a score: a copy, so a later edit of the table does not
        rewrite how an application was scored."""
        return {
            "criterion": self.pk,
            "name": self.name,
            "points": self.points,
            "evidence": self.evidence,
        }


class EntryStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Flat offered")
    HOUSED = "housed", _("Housed")
    SUSPENDED = "suspended", _("Suspended")
    REMOVED = "removed", _("Removed from the list")


class WaitingListEntry(models.Model):
    """An applicant on a programme's waiting list: one entry per accepted referral. Client
    data stays on the referral's client; the entry holds the score and the preferences."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, related_name="waiting_list_entry"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.ForeignKey(
        PathwayStage,
        verbose_name=_("pathway stage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.WAITING
    )
    status_reason = models.CharField(_("reason for the status"), max_length=300, blank=True)
    waiting_since = models.DateTimeField(_("on the list since"))
    submitted_at = models.DateTimeField(_("application submitted"), null=True, blank=True)

    # Preferences and needs
    household_size = models.PositiveSmallIntegerField(_("household size (persons)"), default=1)
    preferred_districts = models.ManyToManyField(
        District,
        verbose_name=_("preferred districts"),
        blank=True,
        related_name="+",
        help_text=_("None chosen: any district."),
    )
    min_rooms = models.PositiveSmallIntegerField(_("at least rooms"), default=1)
    needs_accessible = models.BooleanField(_("needs a barrier-free flat"), default=False)
    near_school = models.BooleanField(_("near a school"), default=False)
    near_kindergarten = models.BooleanField(_("near a kindergarten"), default=False)

    # The commission's final score
    score = models.PositiveIntegerField(_("points"), default=0)
    score_items = models.JSONField(_("criteria met"), default=list, blank=True)
    score_note = models.TextField(_("commission's note"), blank=True)
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[preferred_districts])

    class Meta:
        ordering = ["-score", "waiting_since", "submitted_at", "pk"]
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        indexes = [
            models.Index(
                fields=["programme", "status", "-score", "waiting_since", "submitted_at"],
                name="alloc_entry_rank",
            )
        ]

    def __str__(self):
        return f"{self.referral.reference} ({self.score})"


class MemberScore(models.Model):
    """One commission member's scoring of an application, criterion by criterion."""

    entry = models.ForeignKey(WaitingListEntry, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    items = models.JSONField(default=list)
    total = models.PositiveIntegerField(_("points"), default=0)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "member"], name="alloc_one_score_per_member")
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.total}"


FLOOR_AREA_MESSAGE = _("The floor area must be greater than zero.")


class FloorAreaPositive(NotNegative):
    """Greater than zero: a flat has some floor area."""

    def __init__(self):
        super().__init__(message=FLOOR_AREA_MESSAGE)

    def compare(self, a, b):
        return a <= b

    def deconstruct(self):
        return ("allocation.models.FloorAreaPositive", (), {})


FLOOR_AREA_POSITIVE = FloorAreaPositive()


class Flat(models.Model):
    class State(models.TextChoices):
        VACANT = "vacant", _("Vacant")
        OFFERED = "offered", _("Offered")
        LET = "let", _("Let")
        UNDER_REPAIR = "under_repair", _("Under repair")

    class Deposit(models.TextChoices):
        NONE = "none", _("No deposit")
        REDUCED = "reduced", _("Reduced deposit in instalments")
        STANDARD = "standard", _("Standard deposit")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    address = models.CharField(_("address"), max_length=200)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="flats"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="flats"
    )
    stage = models.ForeignKey(
        PathwayStage,
        verbose_name=_("type (pathway stage)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, help_text=_("1 for a flat; the number of beds in crisis housing.")
    )
    rooms = models.PositiveSmallIntegerField(_("rooms"))
    size_m2 = models.DecimalField(
        _("floor area (m²)"),
        max_digits=6,
        decimal_places=1,
        validators=[FLOOR_AREA_POSITIVE],
    )
    max_occupants = models.PositiveSmallIntegerField(_("at most persons"))
    rent = models.DecimalField(
        _("monthly rent (CZK)"), max_digits=8, decimal_places=0, validators=[not_negative]
    )
    deposit = models.CharField(
        _("deposit"), max_length=10, choices=Deposit.choices, default=Deposit.NONE
    )
    deposit_note = models.CharField(
        _("deposit in detail"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 1 000 CZK in 3 instalments"),
    )
    is_accessible = models.BooleanField(_("barrier-free"), default=False)
    distance_to_school_m = models.PositiveIntegerField(
        _("distance to a school (m)"), null=True, blank=True
    )
    distance_to_kindergarten_m = models.PositiveIntegerField(
        _("distance to a kindergarten (m)"), null=True, blank=True
    )
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="flats"
    )
    support_provider = models.ForeignKey(
        Organisation,
        verbose_name=_("support provider"),
        on_delete=models.PROTECT,
        related_name="supported_flats",
        help_text=_("The NGO or social service that supports the tenant."),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.VACANT, db_index=True
    )
    free_from = models.DateField(
        _("expected to be free from"),
        null=True,
        blank=True,
        help_text=_("For a let flat the end of the lease; for a flat under repair its end."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["district__name", "address"]
        verbose_name = _("flat")
        verbose_name_plural = _("flats")
        constraints = [
            not_negative_constraint("rent", name="alloc_flat_rent_not_negative"),
            models.CheckConstraint(
                condition=Q(size_m2__gt=0),
                name="alloc_flat_size_positive",
                violation_error_message=FLOOR_AREA_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.address


class Offer(models.Model):
    """A flat offered to an applicant. The owner (housing department) and the support
    provider each accept it; the second acceptance moves the client in."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting acceptance")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    class Side(models.TextChoices):
        OWNER = "owner", _("Owner of the flat")
        SUPPORT = "support", _("Support provider")
        APPLICANT = "applicant", _("Applicant")

    class RefusalCategory(models.TextChoices):
        TOO_FAR = "too_far", _("Too far (school, work, family)")
        SIZE = "size", _("Unsuitable size")
        PRICE = "price", _("Rent too high")
        HEALTH = "health", _("Health or accessibility")
        FOUND_OTHER = "found_other", _("Found other housing")
        NO_RESPONSE = "no_response", _("No response")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    flat = models.ForeignKey(Flat, on_delete=models.PROTECT, related_name="offers")
    entry = models.ForeignKey(WaitingListEntry, on_delete=models.PROTECT, related_name="offers")
    support_provider = models.ForeignKey(
        Organisation,
        verbose_name=_("support provider"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    lease_start = models.DateField(_("lease start"))
    lease_end = models.DateField(_("lease end"))
    moved_in_on = models.DateField(_("moves in"), null=True, blank=True)
    support_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker who visits"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_accepted_at = models.DateTimeField(null=True, blank=True)
    owner_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    support_accepted_at = models.DateTimeField(null=True, blank=True)
    support_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refused_by_side = models.CharField(
        _("refused by"), max_length=10, choices=Side.choices, blank=True
    )
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    refusal_category = models.CharField(
        _("kind of reason"), max_length=20, choices=RefusalCategory.choices, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Offered past suitable applicants ranked higher: how many, and the coded reason why.
    skipped_higher_ranked = models.PositiveSmallIntegerField(default=0)
    skip_code = models.ForeignKey(
        ReasonCode,
        verbose_name=_("reason to skip higher-ranked applicants"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"code_list": ReasonCode.List.OFFER_SKIP},
    )
    skip_note = models.TextField(_("note on skipping"), blank=True)
    # Where the council approves each lease (Přerov), the resolution the offered lease rests
    # on; the move-in takes it over to the stay.
    council_resolution_number = models.CharField(
        _("council resolution number"), max_length=50, blank=True
    )
    council_resolution_date = models.DateField(_("council resolution date"), null=True, blank=True)
    stay = models.OneToOneField(
        Stay, on_delete=models.SET_NULL, null=True, blank=True, related_name="offer"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offer of a flat")
        verbose_name_plural = _("offers of flats")
        constraints = [
            period_constraint(
                "lease_start",
                "lease_end",
                name="alloc_offer_lease_end_after_start",
                message=_("The lease cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["flat"], condition=Q(status="pending"), name="alloc_one_open_offer_per_flat"
            ),
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(status="pending"),
                name="alloc_one_open_offer_per_entry",
            ),
        ]

    def __str__(self):
        return f"{self.flat} → {self.entry_id}"
