"""Stays with money for the finance tests: a placed stay that began months ago, its account
set up the way the receiving programme's worker sets it (tests/referrals/test_finance*.py,
test_tiers.py, test_payment_import.py)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from referrals import ledger, services
from referrals.models import FinanceRules, Stay
from tests.referrals.conftest import S
from tests.referrals.factories import StayFactory


def today() -> datetime.date:
    return timezone.localdate()


def months_ago(months: int, day: int = 1) -> datetime.date:
    return ledger.add_months(ledger.month_of(today()), -months).replace(day=day)


def stay_since(case, months: int, *, programme=None, lease_months: int = 24) -> Stay:
    """A stay whose client moved in on the 1st, `months` months ago (lease long enough)."""
    start = months_ago(months)
    referral = case.make(S.ACCEPTED, programme=programme)
    return StayFactory(
        referral=referral,
        lease_start=start,
        lease_end=ledger.add_months(start, lease_months) - datetime.timedelta(days=1),
    )


def rules(programme, **values) -> FinanceRules:
    return FinanceRules.objects.create(programme=programme, **values)


def account(
    stay: Stay, worker, *, rent=2200, services_=800, symbol="", deposit=0, instalments=1, due_day=1
):
    """Rent due on the 1st by default, so that the current month is always due (the tests
    do not depend on the day of the month they run on)."""
    services.account_set(
        stay=stay,
        user=worker,
        variable_symbol=symbol,
        due_day=due_day,
        deposit_amount=Decimal(deposit),
        deposit_instalments=instalments,
        deposit_first_due=stay.moved_in_on,
    )
    services.rent_terms_set(
        stay=stay,
        user=worker,
        valid_from=stay.moved_in_on,
        rent=Decimal(rent),
        services=Decimal(services_),
    )
    return stay.account


def pay_every_month(stay: Stay, worker, amount, *, months: int, day: int = 1) -> None:
    """Pay `amount` on `day` of each of the last `months` months, the current one included
    when its day has come."""
    for back in range(months, -1, -1):
        paid_on = months_ago(back, day)
        if paid_on <= today() and paid_on >= stay.moved_in_on:
            services.payment_record(stay=stay, user=worker, paid_on=paid_on, amount=Decimal(amount))


def payment_list(*lines, encoding="utf-8") -> bytes:
    """A payment list as a city's accounting writes it: CRLF lines in the given encoding."""
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def czech_date(months_back: int, day: int = 10) -> str:
    """A day some months back, written the Czech way ("5. 3. 2026")."""
    return months_ago(months_back, day).strftime("%-d. %-m. %Y")
