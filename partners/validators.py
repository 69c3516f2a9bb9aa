"""Validation of Czech identifiers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def ico_is_valid(value: str) -> bool:
    """Check a Czech company number (IČO): eight digits, the last one a mod-11 checksum."""
    if len(value) != 8 or not value.isdigit():
        return False
    weighted = sum(
        int(digit) * weight for digit, weight in zip(value[:7], range(8, 1, -1), strict=True)
    )
    check = (11 - weighted % 11) % 10
    return check == int(value[7])


def validate_ico(value: str) -> None:
    normalised = (value or "").replace(" ", "")
    if not normalised.isdigit() or len(normalised) != 8:
        raise ValidationError(
            _("IČO must have exactly eight digits."), code="ico_format", params={"value": value}
        )
    if not ico_is_valid(normalised):
        raise ValidationError(
            _("IČO %(value)s is not valid: its check digit does not match."),
            code="ico_checksum",
            params={"value": value},
        )
