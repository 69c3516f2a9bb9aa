"""A client's consents to share categories of their data with another organisation."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import period_constraint
from partners.models import Organisation

from ..storage import consent_form_path, private_storage
from .clients import Category, Client


class Consent(models.Model):
    """The client's consent to share some categories of data with one organisation, for
    one purpose, for a time. Withdrawing it takes the organisation's access away at once."""

    class Purpose(models.TextChoices):
        ASSESSMENT = "assessment", _("Deciding on a referral")
        COOPERATION = "cooperation", _("Working together on the case")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="referral_consents",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    purpose_note = models.CharField(_("purpose in detail"), max_length=300, blank=True)
    share_identity = models.BooleanField(Category.IDENTITY.label, default=False)
    share_household = models.BooleanField(Category.HOUSEHOLD.label, default=False)
    share_finances = models.BooleanField(Category.FINANCES.label, default=False)
    share_health = models.BooleanField(Category.HEALTH.label, default=False)
    share_notes = models.BooleanField(Category.NOTES.label, default=False)
    share_child_protection = models.BooleanField(Category.CHILD_PROTECTION.label, default=False)
    valid_from = models.DateField(_("valid from"), default=datetime.date.today)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    signed_form = models.FileField(
        _("signed consent form"),
        storage=private_storage,
        upload_to=consent_form_path,
        blank=True,
        max_length=200,
    )
    signed_form_type = models.CharField(max_length=100, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_note = models.CharField(_("note on withdrawal"), max_length=300, blank=True)

    history = HistoricalRecords()

    CATEGORY_FLAGS = {
        Category.IDENTITY: "share_identity",
        Category.HOUSEHOLD: "share_household",
        Category.FINANCES: "share_finances",
        Category.HEALTH: "share_health",
        Category.NOTES: "share_notes",
        Category.CHILD_PROTECTION: "share_child_protection",
    }

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["client", "organisation"])]
        constraints = [
            period_constraint(
                "valid_from",
                "valid_until",
                name="consent_valid_until_after_from",
                message=_("The consent cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.client.reference} → {self.organisation_id}"

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(c for c, flag in self.CATEGORY_FLAGS.items() if getattr(self, flag))

    def category_labels(self) -> list[str]:
        return [Category(c).label for c in Category.values if c in self.categories]

    def is_active_on(self, day: datetime.date) -> bool:
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())
