"""The money of a stay as plain arithmetic: what was charged (rent and services each month,
the deposit in instalments), what was paid, and the arrears that follow. Nothing here
touches the database, so the rules can be read and tested on their own (like workflow.py);
the services and selectors feed it the account's rows.

Amounts are Decimal in Kč with two decimal places, never float.

* A month's rent and services fall due on the account's due day of that month (the civil
  code's default, § 2251: monthly in advance, by the fifth day), clipped to the month's
  last day; a deposit instalment falls due on its own date.
* A payment settles the charge that fell due first (§ 1932 of the civil code: without the
  debtor's say, the oldest debt is paid first); on the same day rent goes before the
  deposit. What a payment leaves over waits for the next charge as credit.
* The balance is every charge due by the day minus every payment by the day; the arrears
  are the positive part, the credit the negative. A month is *in arrears* when a charge
  due in it is not fully settled.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from core.dates import add_months

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
RENT, DEPOSIT = "rent", "deposit"
_KIND_ORDER = {RENT: 0, DEPOSIT: 1}


def money(value) -> Decimal:
    """A Decimal in Kč with two decimal places (a str, int or Decimal; never a float)."""
    if isinstance(value, float):
        raise TypeError("amounts are Decimal, never float")
    return Decimal(value).quantize(CENT)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_from(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first`'s month to `last`'s, both included."""
    months, current, end = [], month_of(first), month_of(last)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


def due_in(month: datetime.date, due_day: int) -> datetime.date:
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=min(max(due_day, 1), last))


@dataclass(frozen=True)
class Terms:
    """Rent and services per month from `valid_from`'s month on."""

    valid_from: datetime.date
    rent: Decimal
    services: Decimal

    @property
    def monthly(self) -> Decimal:
        return self.rent + self.services


@dataclass(frozen=True)
class Charge:
    due_on: datetime.date
    kind: str  # RENT (rent and services of a month) or DEPOSIT (an instalment)
    amount: Decimal
    number: int = 0  # the instalment's number, 1-based

    @property
    def month(self) -> datetime.date:
        return month_of(self.due_on)


@dataclass(frozen=True)
class Paid:
    paid_on: datetime.date
    amount: Decimal


def instalments(total: Decimal, count: int, first_due: datetime.date) -> list[Charge]:
    """The deposit split into `count` monthly instalments, whole crowns where the total is
    in whole crowns; the first instalment carries what does not divide (1 000 Kč in 3:
    334, 333, 333)."""
    total = money(total)
    if total <= 0 or count < 1:
        return []
    unit = Decimal(1) if total == total.to_integral_value() else CENT
    share = (total / count).quantize(unit, rounding=ROUND_DOWN)
    first = total - share * (count - 1)
    return [
        Charge(add_months(first_due, n), DEPOSIT, money(first if n == 0 else share), n + 1)
        for n in range(count)
    ]


def rent_charges(
    terms: Iterable[Terms], *, until: datetime.date, due_day: int, ends_on=None
) -> list[Charge]:
    """One charge a month from the first terms' month to `until`'s month (or the month the
    stay ended, if earlier), at the terms valid in that month."""
    ordered = sorted(terms, key=lambda t: t.valid_from)
    if not ordered:
        return []
    last = min(until, ends_on) if ends_on else until
    charges, index = [], 0
    for month in months_from(ordered[0].valid_from, last):
        while index + 1 < len(ordered) and month_of(ordered[index + 1].valid_from) <= month:
            index += 1
        amount = money(ordered[index].monthly)
        if amount > 0:
            charges.append(Charge(due_in(month, due_day), RENT, amount))
    return charges


@dataclass
class MonthRow:
    month: datetime.date
    rent: Decimal = ZERO
    deposit: Decimal = ZERO
    fallen_due: Decimal = ZERO  # what of the month had fallen due by the statement's day
    settled: Decimal = ZERO

    @property
    def charged(self) -> Decimal:
        return self.rent + self.deposit

    @property
    def due(self) -> bool:
        return self.fallen_due > 0

    @property
    def outstanding(self) -> Decimal:
        return self.fallen_due - self.settled

    @property
    def in_arrears(self) -> bool:
        return self.due and self.outstanding > 0


@dataclass
class Statement:
    """The account on `on`: sums, the months, the deposit and the end-of-month arrears."""

    on: datetime.date
    charged: Decimal  # every charge due by `on`
    paid: Decimal  # every payment by `on`
    months: list[MonthRow] = field(default_factory=list)
    deposit_plan: list[tuple[Charge, Decimal]] = field(default_factory=list)  # with settled
    month_end_arrears: dict[datetime.date, Decimal] = field(default_factory=dict)

    @property
    def balance(self) -> Decimal:
        return self.charged - self.paid

    @property
    def arrears(self) -> Decimal:
        return max(self.balance, ZERO)

    @property
    def credit(self) -> Decimal:
        return max(-self.balance, ZERO)

    @property
    def months_in_arrears(self) -> int:
        return sum(1 for row in self.months if row.in_arrears)

    @property
    def oldest_unpaid_month(self) -> datetime.date | None:
        return next((row.month for row in self.months if row.in_arrears), None)

    @property
    def months_ended_in_arrears(self) -> int:
        """Completed months at whose end the account was in arrears (payment discipline
        over the whole stay, not only now)."""
        return sum(1 for amount in self.month_end_arrears.values() if amount > 0)

    @property
    def deposit_total(self) -> Decimal:
        return sum((charge.amount for charge, _settled in self.deposit_plan), ZERO)

    @property
    def deposit_settled(self) -> Decimal:
        return sum((settled for _charge, settled in self.deposit_plan), ZERO)


def statement(
    charges: Iterable[Charge], payments: Iterable[Paid], *, on: datetime.date
) -> Statement:
    """Settle the charges due by `on` with the payments made by `on`, oldest first."""
    charges = sorted(charges, key=lambda c: (c.due_on, _KIND_ORDER[c.kind], c.number))
    payments = sorted((p for p in payments if p.paid_on <= on), key=lambda p: p.paid_on)
    due = [c for c in charges if c.due_on <= on]
    paid_total = sum((money(p.amount) for p in payments), ZERO)

    settled: list[Decimal] = []
    remaining = paid_total
    for charge in due:
        part = min(charge.amount, remaining)
        settled.append(part)
        remaining -= part
    settled += [ZERO] * (len(charges) - len(due))

    rows: dict[datetime.date, MonthRow] = {}
    for charge, part in zip(charges, settled, strict=True):
        row = rows.setdefault(charge.month, MonthRow(charge.month))
        if charge.kind == RENT:
            row.rent += charge.amount
        else:
            row.deposit += charge.amount
        row.settled += part
        if charge.due_on <= on:
            row.fallen_due += charge.amount
    result = Statement(
        on=on,
        charged=sum((c.amount for c in due), ZERO),
        paid=paid_total,
        months=[rows[month] for month in sorted(rows) if month <= month_of(on)],
        deposit_plan=[
            (charge, part)
            for charge, part in zip(charges, settled, strict=True)
            if charge.kind == DEPOSIT
        ],
    )
    result.month_end_arrears = _month_end_arrears(due, payments, on)
    return result


def _month_end_arrears(due: list[Charge], payments: list[Paid], on: datetime.date) -> dict:
    """For every completed month from the first charge to the one before `on`'s: the
    arrears on its last day."""
    if not due:
        return {}
    ends = {}
    charge_index = payment_index = 0
    charged = paid = ZERO
    for month in months_from(due[0].due_on, add_months(month_of(on), -1)):
        last_day = add_months(month, 1) - datetime.timedelta(days=1)
        while charge_index < len(due) and due[charge_index].due_on <= last_day:
            charged += due[charge_index].amount
            charge_index += 1
        while payment_index < len(payments) and payments[payment_index].paid_on <= last_day:
            paid += money(payments[payment_index].amount)
            payment_index += 1
        ends[month] = max(charged - paid, ZERO)
    return ends
