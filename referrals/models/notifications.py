"""The notification outbox: rows are written in the same transaction as the change they
announce, so a broker outage delays delivery but never loses a notification."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .referrals import Referral


class Notification(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("A referral was submitted to your programme")
        INFO_REQUESTED = "info_requested", _("The programme asks for more information")
        ACCEPTED = "accepted", _("A referral was accepted")
        DECLINED = "declined", _("A referral was declined")
        WITHDRAWN = "withdrawn", _("A referral was withdrawn by the sender")
        PLACED = "placed", _("A client moved in")
        CLOSED = "closed", _("A case was closed")
        TRANSFERRED = "transferred", _("A case was handed over to you")
        FLAGGED = "flagged", _("A case was flagged")
        KEY_WORKER = "key_worker", _("You are the key worker of a case")
        VISIT_OVERDUE = "visit_overdue", _("A visit is overdue")
        LEASE_ENDING = "lease_ending", _("A lease ends soon")
        LEASE_FINAL = "lease_final", _("A lease ends soon and the programme allows no renewal")
        ANSWER_OVERDUE = "answer_overdue", _("A referral waits for an answer too long")
        ARREARS = "arrears", _("A tenant's arrears are above the programme's threshold")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        "referrals.Client", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Reminders carry a key (what and for which date) so a daily run never repeats one.
    dedup_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedup_key"],
                condition=~Q(dedup_key=""),
                name="notification_unique_dedup_key",
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.kind} #{self.pk}"
