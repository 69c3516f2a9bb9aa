"""Code lists of reasons kept by the secretariat."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
