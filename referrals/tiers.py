"""Kadaň's tiers as a plain rule: when the payment record and the house rules suggest that a
tenant moves up to the next tier or down to the one below. A suggestion is only ever shown,
with the facts behind it; a worker who agrees starts a transfer (services.finance). Nothing
here touches the database (like workflow.py and ledger.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .ledger import Statement, add_months, month_of

UP, DOWN = "up", "down"


@dataclass(frozen=True)
class TierRules:
    up_after_months: int | None  # N months without arrears and breaches suggest moving up
    down_after_months_in_arrears: int | None  # M months in arrears suggest moving down
    can_move_up: bool  # the programme names a tier above
    can_move_down: bool  # and one below


@dataclass(frozen=True)
class TierSuggestion:
    direction: str
    first_month: datetime.date | None  # the months the facts cover
    last_month: datetime.date | None
    months: int  # months without arrears (up) or months in arrears now (down)
    breaches: int  # house-rule breaches in the months covered (up) or since move-in (down)
    arrears: Decimal
    oldest_unpaid_month: datetime.date | None = None


def suggest(
    rules: TierRules,
    statement: Statement,
    *,
    breaches: Iterable[datetime.date],
    moved_in_on: datetime.date,
    today: datetime.date,
) -> TierSuggestion | None:
    """Down after `down_after_months_in_arrears` months in arrears; up after
    `up_after_months` completed months (the current one does not count yet) each of which
    ended without arrears, with no arrears now and no house-rule breach in those months.
    Months without any charge are no evidence, so they never count towards moving up."""
    breaches = sorted(breaches)
    down_after = rules.down_after_months_in_arrears
    if rules.can_move_down and down_after and statement.months_in_arrears >= down_after:
        return TierSuggestion(
            direction=DOWN,
            first_month=statement.oldest_unpaid_month,
            last_month=month_of(today),
            months=statement.months_in_arrears,
            breaches=sum(1 for day in breaches if day >= moved_in_on),
            arrears=statement.arrears,
            oldest_unpaid_month=statement.oldest_unpaid_month,
        )
    up_after = rules.up_after_months
    if not (rules.can_move_up and up_after) or statement.arrears > 0:
        return None
    last = add_months(month_of(today), -1)
    first = add_months(last, -(up_after - 1))
    if first < month_of(moved_in_on):
        return None
    window = [add_months(first, n) for n in range(up_after)]
    ends = statement.month_end_arrears
    if any(month not in ends or ends[month] > 0 for month in window):
        return None
    in_window = sum(1 for day in breaches if day >= first)
    if in_window:
        return None
    return TierSuggestion(
        direction=UP,
        first_month=first,
        last_month=last,
        months=up_after,
        breaches=0,
        arrears=statement.arrears,
    )
