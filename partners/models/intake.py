"""A programme's intake conditions, and the kinds the portal can answer itself."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation
from .programmes import Programme


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
