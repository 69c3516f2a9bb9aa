"""The data-protection audit: every export of a client's data for an access request and
every erasure on request (GDPR art. 15 and 17) is recorded here.

An entry names the client by reference code only, never by name, so it survives the
anonymisation it records and can be shown to the organisation's administrators and counted
in the record of processing activities without disclosing anyone's personal data.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation

from .clients import Client


class DataProtectionEvent(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("Export of the client's data")
        ERASURE = "erasure", _("Erasure of the client's data")

    class Ground(models.TextChoices):
        """Legal grounds for erasure (GDPR art. 17(1))."""

        SUBJECT_REQUEST = "subject_request", _("Request of the data subject (art. 17(1) GDPR)")
        CONSENT_WITHDRAWN = (
            "consent_withdrawn",
            _("Consent withdrawn, no other legal ground (art. 17(1)(b))"),
        )
        NO_LONGER_NEEDED = (
            "no_longer_needed",
            _("The data are no longer needed for the purpose (art. 17(1)(a))"),
        )
        OBJECTION = "objection", _("The client objected to the processing (art. 17(1)(c))")
        UNLAWFUL = "unlawful", _("The data were processed unlawfully (art. 17(1)(d))")
        LEGAL_OBLIGATION = "legal_obligation", _("Erasure required by law (art. 17(1)(e))")

    class Format(models.TextChoices):
        JSON = "json", _("JSON (machine-readable)")
        PDF = "pdf", _("PDF (readable)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="data_protection_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Kept beside the foreign key so the entry still says who it was if the account goes.
    actor_username = models.CharField(max_length=150, blank=True)
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client_reference = models.CharField(_("client reference"), max_length=20, db_index=True)
    ground = models.CharField(_("legal ground"), max_length=20, choices=Ground.choices, blank=True)
    export_format = models.CharField(max_length=10, choices=Format.choices, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data-protection event")
        verbose_name_plural = _("data-protection events")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self):
        return f"{self.kind} {self.client_reference} {self.created_at:%Y-%m-%d %H:%M}"
