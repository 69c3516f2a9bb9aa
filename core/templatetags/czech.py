"""Numbers as Czech readers write them, in every app's templates (issue 17)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import format_html

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


@register.filter(is_safe=True)
def reference(value) -> str:
    """A case reference (K-2026-0042) that a line break never splits at its hyphens."""
    if value in (None, ""):
        return ""
    return format_html('<span class="reference">{}</span>', value)
