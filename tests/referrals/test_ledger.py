"""The money of a stay as plain arithmetic (referrals.ledger): instalment plans, rent over
the months, arrears settled oldest first, and for any sequence of charges and payments the
arrears are what was charged minus what was paid. No database."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referrals import ledger
from referrals.ledger import Charge, Paid, Terms

D = Decimal


def day(year, month, day_=1):
    return datetime.date(year, month, day_)


def test_prerov_deposits_split_into_whole_crown_instalments():
    social = ledger.instalments(D(1000), 3, day(2026, 3, 10))
    assert [c.amount for c in social] == [D("334.00"), D("333.00"), D("333.00")]
    assert [c.due_on for c in social] == [day(2026, 3, 10), day(2026, 4, 10), day(2026, 5, 10)]
    affordable = ledger.instalments(D(2000), 4, day(2026, 11, 30))
    assert [c.amount for c in affordable] == [D(500)] * 4
    # Month ends are kept where the month has the day, clipped where it has not.
    assert [c.due_on for c in affordable] == [
        day(2026, 11, 30),
        day(2026, 12, 30),
        day(2027, 1, 30),
        day(2027, 2, 28),
    ]
    assert [c.number for c in affordable] == [1, 2, 3, 4]


def test_an_amount_with_hellers_splits_to_the_heller_and_sums_back():
    plan = ledger.instalments(D("1000.10"), 3, day(2026, 1, 1))
    assert [c.amount for c in plan] == [D("333.38"), D("333.36"), D("333.36")]
    assert sum(c.amount for c in plan) == D("1000.10")
    assert ledger.instalments(D(0), 3, day(2026, 1, 1)) == []


def test_floats_are_refused():
    with pytest.raises(TypeError):
        ledger.money(0.1)


def test_rent_falls_due_each_month_at_the_terms_of_that_month():
    terms = [
        Terms(day(2026, 1, 1), D(2500), D(1200)),
        Terms(day(2026, 4, 1), D(2500), D(1500)),  # services raised after the settlement
    ]
    charges = ledger.rent_charges(terms, until=day(2026, 5, 20), due_day=5)
    assert [(c.due_on, c.amount) for c in charges] == [
        (day(2026, 1, 5), D(3700)),
        (day(2026, 2, 5), D(3700)),
        (day(2026, 3, 5), D(3700)),
        (day(2026, 4, 5), D(4000)),
        (day(2026, 5, 5), D(4000)),
    ]
    ended = ledger.rent_charges(terms, until=day(2026, 5, 20), due_day=31, ends_on=day(2026, 2, 3))
    assert [c.due_on for c in ended] == [day(2026, 1, 31), day(2026, 2, 28)]


def _prerov_account(until):
    """A social flat in Přerov from March: 3 000 Kč a month, the deposit 1 000 in 3."""
    charges = ledger.rent_charges([Terms(day(2026, 3, 1), D(2200), D(800))], until=until, due_day=5)
    return charges + ledger.instalments(D(1000), 3, day(2026, 3, 5))


def test_arrears_over_months_with_the_deposit_in_instalments():
    charges = _prerov_account(day(2026, 6, 30))
    payments = [
        Paid(day(2026, 3, 4), D(3334)),  # March rent and the first instalment
        Paid(day(2026, 4, 5), D(3333)),  # April
        Paid(day(2026, 5, 20), D(2000)),  # May: short by 1 333
    ]
    may = ledger.statement(charges, payments, on=day(2026, 5, 31))
    assert may.charged == D(3000 * 3 + 1000)
    assert may.paid == D(8667)
    assert may.arrears == D(1333) and may.credit == 0
    assert may.months_in_arrears == 1
    assert may.oldest_unpaid_month == day(2026, 5, 1)
    assert may.deposit_total == D(1000)
    # Oldest first: the May rent (due on the 5th, before the instalment) took the 2 000.
    assert may.deposit_settled == D(667)
    assert may.month_end_arrears == {day(2026, 3, 1): 0, day(2026, 4, 1): 0}

    june = ledger.statement(charges, payments, on=day(2026, 6, 10))
    assert june.arrears == D(1333) + D(3000)
    assert june.months_in_arrears == 2
    assert june.month_end_arrears[day(2026, 5, 1)] == D(1333)
    assert june.months_ended_in_arrears == 1

    paid_up = ledger.statement(charges, [*payments, Paid(day(2026, 6, 9), D(4333))], on=june.on)
    assert paid_up.arrears == 0 and paid_up.months_in_arrears == 0
    assert paid_up.deposit_settled == D(1000)


def test_a_month_is_not_in_arrears_before_its_due_day():
    charges = _prerov_account(day(2026, 3, 31))
    early = ledger.statement(charges, [], on=day(2026, 3, 4))
    assert early.charged == 0 and early.months_in_arrears == 0
    assert early.months[0].due is False
    due = ledger.statement(charges, [], on=day(2026, 3, 5))
    assert due.arrears == D(3334) and due.months_in_arrears == 1


def test_an_overpayment_is_credit_for_the_next_month():
    charges = _prerov_account(day(2026, 4, 30))
    statement = ledger.statement(charges, [Paid(day(2026, 3, 1), D(8000))], on=day(2026, 4, 10))
    assert statement.credit == D(8000 - 3334 - 3333)
    assert statement.arrears == 0 and statement.months_in_arrears == 0


# --- For any sequence: arrears = charges - payments -----------------------------------------

amounts = st.decimals(min_value=D("0.01"), max_value=D("20000"), places=2)
dates = st.dates(min_value=day(2025, 1, 1), max_value=day(2027, 12, 31))
charges_strategy = st.lists(
    st.builds(
        Charge, due_on=dates, kind=st.sampled_from([ledger.RENT, ledger.DEPOSIT]), amount=amounts
    ),
    max_size=30,
)
payments_strategy = st.lists(st.builds(Paid, paid_on=dates, amount=amounts), max_size=30)


@settings(max_examples=300, deadline=None)
@given(charges=charges_strategy, payments=payments_strategy, on=dates)
def test_arrears_equal_charges_minus_payments_for_any_sequence(charges, payments, on):
    statement = ledger.statement(charges, payments, on=on)
    charged = sum((c.amount for c in charges if c.due_on <= on), D(0))
    paid = sum((p.amount for p in payments if p.paid_on <= on), D(0))
    assert statement.arrears - statement.credit == charged - paid
    assert statement.arrears == max(charged - paid, 0)
    assert statement.arrears >= 0 and statement.credit >= 0
    assert statement.arrears == 0 or statement.credit == 0
    # What the months still owe adds up to the arrears, and only owing months count.
    owed = sum((row.outstanding for row in statement.months if row.due), D(0))
    assert owed == statement.arrears
    assert (statement.months_in_arrears == 0) == (statement.arrears == 0)


@settings(max_examples=100, deadline=None)
@given(
    terms=st.lists(
        st.builds(Terms, valid_from=dates, rent=amounts, services=amounts), min_size=1, max_size=4
    ),
    payments=payments_strategy,
    on=dates,
    due_day=st.integers(min_value=1, max_value=31),
)
def test_rent_schedules_obey_the_same_rule(terms, payments, on, due_day):
    charges = ledger.rent_charges(terms, until=on, due_day=due_day)
    statement = ledger.statement(charges, payments, on=on)
    paid = sum((p.amount for p in payments if p.paid_on <= on), D(0))
    assert statement.balance == sum((c.amount for c in charges if c.due_on <= on), D(0)) - paid
    # One charge a month at most, each in its own month.
    months = [c.month for c in charges]
    assert len(months) == len(set(months))
