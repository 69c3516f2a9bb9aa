"""Numbers as Czech readers write them, in every app's templates (issue 17)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()

NBSP = "\u00a0"


@register.filter
def czk(value) -> str:
    """An amount as Czech accounting writes it: 1 234,50 Kč (1 234 Kč for whole crowns),
    with non-breaking spaces, whatever the interface language."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    text = text.replace(",", NBSP).replace(".", ",")
    return f"{text}{NBSP}Kč"
