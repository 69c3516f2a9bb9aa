"""Stays on the housing pathway: the lease, the individual plan and the visit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import period_constraint, validate_not_future
from partners.models import PathwayStage, Programme, ReasonCode

from .referrals import Referral


class Stay(models.Model):
    """The client's time in the receiving programme, from move-in to the end of the case.

    `stage` and `programme` are copied at move-in and survive anonymisation: they, the
    dates and the referral's outcome are what the coalition's statistics are made of."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="stay")
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
    moved_in_on = models.DateField(_("moved in"))
    # Copied at move-in like the stage: the statistics count persons as well as households,
    # and the household's members are erased with the client's data.
    persons = models.PositiveSmallIntegerField(_("persons in the household"), default=1)
    lease_start = models.DateField(_("lease start"))
    lease_end = models.DateField(_("lease end"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    # Exclusion or early end: the code the reports count, beside the closing note.
    end_code = models.ForeignKey(
        ReasonCode,
        verbose_name=_("reason for the end"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    council_resolution_number = models.CharField(
        _("council resolution number"), max_length=50, blank=True
    )
    council_resolution_date = models.DateField(_("council resolution date"), null=True, blank=True)
    support_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker who visits"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-moved_in_on"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        constraints = [
            period_constraint(
                "lease_start",
                "lease_end",
                name="stay_lease_end_after_start",
                message=_("The lease cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.referral.reference} stay"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class LeaseRenewal(models.Model):
    """One renewed lease of a stay and the decision behind it: who decided, when, on what
    (Přerov: a resolution of the city council on the case-review group's proposal). The
    stay's `lease_end` is the end of the last lease; the renewals are how it got there."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="renewals")
    starts_on = models.DateField(_("renewed lease from"))
    ends_on = models.DateField(_("renewed lease until"))
    previous_end = models.DateField(_("previous end of the lease"))
    decided_on = models.DateField(_("decided on"))
    resolution = models.CharField(
        _("resolution number"),
        max_length=60,
        blank=True,
        help_text=_("E.g. the city council's resolution approving the lease."),
    )
    note = models.TextField(_("basis of the decision"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("lease renewal")
        verbose_name_plural = _("lease renewals")

    def __str__(self):
        return f"{self.stay.referral.reference} lease {self.starts_on}–{self.ends_on}"


class PlanGoal(models.Model):
    """One goal of the individual plan, e.g. a repayment schedule or direct rent payment."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    class Topic(models.TextChoices):
        DEBT_REPAYMENT = "debt_repayment", _("Repaying debts (repayment schedule)")
        BENEFITS = "benefits", _("Benefits and income")
        RENT_PAYMENT = "rent_payment", _("Paying the rent (direct payment)")
        WORK = "work", _("Work")
        OTHER = "other", _("Other")

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    topic = models.CharField(
        _("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER, db_index=True
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    progress = models.TextField(_("progress"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("goal of the individual plan")
        verbose_name_plural = _("goals of the individual plan")

    def __str__(self):
        return f"{self.stay.referral.reference} goal {self.pk}"


class Visit(models.Model):
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("date of the visit"), validators=[validate_not_future])
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self):
        return f"{self.stay.referral.reference} visit {self.visited_on}"
