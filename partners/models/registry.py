"""What the MPSV registry of social-service providers says, as of the last import."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation
from .programmes import Programme


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
