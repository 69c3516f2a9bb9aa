"""Contacts at an organisation or for one of its programmes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .organisations import Organisation
from .programmes import Programme


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
