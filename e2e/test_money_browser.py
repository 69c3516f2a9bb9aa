"""The money of a stay in a real browser: the receiving programme's social worker opens a
stay two months in arrears, sees the arrears flag, records the labour office's payment in
the referral page's money section and sees the flag disappear and the balance settle.

Selectors use names and data-testid hooks rather than visible texts."""

import datetime
import re
from decimal import Decimal

import pytest

from e2e.conftest import axe_check, log_in
from referrals.models import Payment, StayAccount
from tests.referrals import conftest as referral_fixtures
from tests.referrals.finance_helpers import account, rules, stay_since

pytestmark = pytest.mark.browser

# The referral fixtures live in tests/referrals/conftest.py, which reaches tests/ only.
programme = referral_fixtures.programme
case = referral_fixtures.case


@pytest.fixture
def stay_in_arrears(case, settings, tmp_path):
    """Moved in on the 1st two months ago, 2 500 + 500 Kč due on each 1st, nothing paid:
    three months in arrears, 9 000 Kč, far above the programme's 500 Kč threshold."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    rules(case.programme, arrears_threshold=Decimal(500))
    stay = stay_since(case, 2)
    account(stay, case.receiver_worker, rent=2500, services_=500, symbol="2026017")
    assert StayAccount.objects.get(stay=stay).arrears_flag_since is not None
    return stay


def _czk(text: str) -> str:
    """A rendered amount with its spaces (ordinary or no-break) folded to one kind."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def test_worker_records_a_payment_and_the_arrears_flag_disappears(page, case, stay_in_arrears):
    referral = stay_in_arrears.referral
    log_in(page, case.receiver_worker.username, next_url=referral.get_absolute_url())

    flag = page.locator("[data-testid=arrears-flag]")
    flag.wait_for()
    assert "9 000" in _czk(flag.inner_text())
    assert re.search(r"\b3\b", flag.inner_text())  # three months in arrears
    violations = axe_check(page)
    assert violations == [], f"referral page with money: {violations}"

    form = page.locator("[data-testid=payment-form]")
    form.locator("[name=paid_on]").fill(datetime.date.today().isoformat())
    form.locator("[name=amount]").fill("9000")
    form.locator("[name=payer]").select_option(Payment.Payer.LABOUR_OFFICE)
    form.locator("[name=note]").fill("doplatek na bydlení – přímá úhrada")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    # Back on the referral page, at its money section: the flag is gone, the payment listed.
    assert page.url.endswith("#penize")
    page.locator("[data-testid=payments]").wait_for()
    assert page.locator("[data-testid=arrears-flag]").count() == 0
    payments = _czk(page.locator("[data-testid=payments]").inner_text())
    assert "9 000" in payments and "doplatek na bydlení" in payments
    assert "9 000" not in _czk(page.locator("[data-testid=balance]").inner_text())

    account_row = StayAccount.objects.get(stay=stay_in_arrears)
    assert account_row.arrears_flag_since is None
    payment = Payment.objects.get(account=account_row)
    assert (payment.amount, payment.payer, payment.recorded_by) == (
        Decimal("9000.00"),
        Payment.Payer.LABOUR_OFFICE,
        case.receiver_worker,
    )
