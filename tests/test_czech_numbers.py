"""Amounts as a Czech reader writes them, on every page that shows one (issue 17)."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from core.templatetags.czech import czk

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (24800, f"24{NBSP}800{NBSP}Kč"),
        (Decimal("1234.5"), f"1{NBSP}234,50{NBSP}Kč"),
        (4_500_000, f"4{NBSP}500{NBSP}000{NBSP}Kč"),
        (0, f"0{NBSP}Kč"),
        (None, "–"),
        ("", "–"),
    ],
)
def test_amounts_have_thousands_separators_that_do_not_break(value, shown):
    assert czk(value) == shown


def test_every_app_writes_amounts_the_same_way():
    rendered = Template("{% load czech %}{{ rent|czk }}").render(Context({"rent": 24800}))
    assert rendered == f"24{NBSP}800{NBSP}Kč"
    referrals = Template("{% load referrals_tags %}{{ rent|czk }}").render(Context({"rent": 24800}))
    assert referrals == rendered


def test_templates_write_no_bare_amount_before_kc():
    """A template that writes `{{ amount }} Kč` shows 24800 Kč; every amount goes through
    the czk filter."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    bare = []
    for path in root.glob("*/templates/**/*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\}\}\s*Kč", line):
                bare.append(f"{path.relative_to(root)}:{number}")
    assert bare == []
