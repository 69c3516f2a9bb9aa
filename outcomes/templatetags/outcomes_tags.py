from django import template
from django.utils.formats import number_format

from ..protection import Hidden

register = template.Library()


@register.filter
def measure_value(value, kind: str) -> str:
    """A figure as the tables show it: shares in per cent, days and money rounded."""
    if value is None:
        return "–"
    if isinstance(value, Hidden):
        return str(value)
    if kind == "share":
        return f"{number_format(value * 100, 0)} %"
    if kind in ("days", "czk"):
        return number_format(value, 0, force_grouping=True)
    return number_format(value, 0, force_grouping=True)


@register.filter
def row_value(row, name: str):
    return row.values.get(name)
