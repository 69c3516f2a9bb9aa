"""All demo knowledge items, in creation order (the home page lists the last published
first, so the most recent work, from Prague, comes last)."""

from . import kadan, ostrava, plzensky, praha, prerov
from .spec import DemoItem, Table

ITEMS: list[DemoItem] = [
    *prerov.ITEMS,
    *kadan.ITEMS,
    *ostrava.ITEMS,
    *plzensky.ITEMS,
    *praha.ITEMS,
]

__all__ = ["ITEMS", "DemoItem", "Table"]
