"""Validators of impossible data every app shares: a date of birth in the future or before
1900, a negative amount, a record of something that happened dated in the future, a period
that ends before it starts.

Model fields and plain forms use the same validators, so the forms, the admin and the
services (`invalid_fields`) refuse the same values with the same Czech messages; the
fixed bounds are also CheckConstraints in the database. Bounds relative to today are not
constraints: the database's "today" is not the user's (time zones), and a constraint
must hold for a row for ever."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import CheckConstraint, F, Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


def validate_birth_date(value: datetime.date) -> None:
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError(_("A date of birth cannot be in the future."), code="future")
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(_("A date of birth cannot be before 1900."), code="too_old")


def validate_not_future(value: datetime.date) -> None:
    """For a date that records something that has happened (a visit, a payment, a
    meeting): today at the latest."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            _("The date cannot be in the future: record what has already happened."),
            code="future",
        )


@deconstructible
class NotNegative(MinValueValidator):
    """An amount, a count or a size that cannot be below zero."""

    def __init__(self, message=None):
        super().__init__(0, message=message or _("The amount cannot be negative."))

    def deconstruct(self):
        # The message is text, not part of the schema: migrations record only the bound.
        return ("core.validators.NotNegative", (), {})

    def __eq__(self, other):
        return type(other) is type(self)


not_negative = NotNegative()


def at_least_zero(field: str) -> Q:
    """The CheckConstraint condition of `not_negative`; a null passes."""
    return Q(**{f"{field}__gte": 0}) | Q(**{f"{field}__isnull": True})


def ordered(start: str, end: str) -> Q:
    """The CheckConstraint condition of a period: no end before its start; either may be
    null."""
    return (
        Q(**{f"{end}__gte": F(start)})
        | Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
    )


def not_negative_constraint(field: str, *, name: str) -> CheckConstraint:
    return CheckConstraint(
        condition=at_least_zero(field),
        name=name,
        violation_error_message=_("The amount cannot be negative."),
    )


def period_constraint(start: str, end: str, *, name: str, message=None) -> CheckConstraint:
    return CheckConstraint(
        condition=ordered(start, end),
        name=name,
        violation_error_message=message or _("The end cannot be before the start."),
    )


def check_period(start, end, *, field: str | None = None, message=None) -> None:
    """Raise a ValidationError (on `field`, for a model's clean()) when a period ends
    before it starts."""
    if start and end and end < start:
        error = ValidationError(message or _("The end cannot be before the start."), code="order")
        raise ValidationError({field: error}) if field else error


def invalid_fields(instance, names) -> dict[str, list[str]]:
    """The validation errors of the named fields of a model instance, by field (no query:
    the checks of relations are left out). Services call it before saving, so a value a
    form would refuse is refused also when the service is called directly."""
    names = set(names)
    exclude = [field.name for field in instance._meta.fields if field.name not in names]
    exclude += [field.name for field in instance._meta.fields if field.is_relation]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        return error.message_dict
    return {}


def first_error(errors: dict[str, list[str]]) -> str:
    for messages in errors.values():
        if messages:
            return messages[0]
    return ""
