"""The money of a stay through the services: the account with the programme's deposit plan,
rent over the months, payments and their cancellation, the arrears flag and the key
worker's reminder, and who may keep the account."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from referrals import selectors, services
from referrals.errors import (
    ActionNotPermitted,
    InvalidDates,
    PaymentInvalid,
    VariableSymbolTaken,
)
from referrals.forms import AccountForm, BenefitForm, RentTermsForm
from referrals.models import Notification, Payment, StayAccount
from tests.referrals.finance_helpers import (
    account,
    months_ago,
    pay_every_month,
    rules,
    stay_since,
    today,
)

pytestmark = pytest.mark.django_db
D = Decimal


def statement_of(stay):
    loaded = selectors.accounts_loaded(StayAccount.objects.filter(stay=stay)).get()
    return selectors.account_statement(loaded, on=today())


def test_the_account_opens_with_the_programmes_deposit_plan(case):
    rules(case.programme, deposit_amount=D(1000), deposit_instalments=3)
    stay = stay_since(case, 0)
    services.payment_record(
        stay=stay, user=case.receiver_worker, paid_on=stay.moved_in_on, amount=D(334)
    )
    stay.refresh_from_db()
    assert (stay.account.deposit_amount, stay.account.deposit_instalments) == (D(1000), 3)
    plan = statement_of(stay).deposit_plan
    assert [(charge.amount, settled) for charge, settled in plan] == [
        (D(334), D(334)),
        (D(333), D(0)),
        (D(333), D(0)),
    ]


def test_arrears_over_months_raise_the_flag_and_a_payment_clears_it(case):
    rules(case.programme, arrears_threshold=D(500))
    stay = stay_since(case, 3)
    account(stay, case.receiver_worker, rent=2200, services_=800)
    # Paid every month but the last: 3 000 Kč of arrears, one month.
    pay_every_month(stay, case.receiver_worker, 3000, months=3)
    last = stay.account.payments.order_by("-paid_on").first()
    services.payment_cancel(payment=last, user=case.receiver_worker)
    statement = statement_of(stay)
    assert statement.arrears == D(3000) and statement.months_in_arrears == 1
    flagged = StayAccount.objects.get(pk=stay.account.pk)
    assert flagged.arrears_flag_since == today()

    services.payment_record(stay=stay, user=case.receiver_worker, paid_on=today(), amount=D(2600))
    assert StayAccount.objects.get(pk=stay.account.pk).arrears_flag_since is None  # 400 ≤ 500
    assert statement_of(stay).arrears == D(400)


def test_the_daily_reminders_warn_the_key_worker_once_a_month(case):
    stay = stay_since(case, 2)
    account(stay, case.receiver_worker, rent=3000, services_=0)  # nothing paid
    first = services.reminders_send()
    assert first["arrears"] == 1
    reminder = Notification.objects.get(kind=Notification.Kind.ARREARS)
    assert reminder.recipient == case.key_worker
    assert reminder.dedup_key.startswith(f"arrears:{stay.account.pk}:")
    assert services.reminders_send()["arrears"] == 0  # the same month: not again
    assert StayAccount.objects.get(pk=stay.account.pk).arrears_flag_since is not None


def test_an_account_without_arrears_sends_nothing(case):
    stay = stay_since(case, 2)
    account(stay, case.receiver_worker, rent=3000, services_=0)
    pay_every_month(stay, case.receiver_worker, 3000, months=2)
    assert services.reminders_send()["arrears"] == 0
    assert not Notification.objects.filter(kind=Notification.Kind.ARREARS).exists()


def test_only_the_receiving_programmes_workers_keep_the_account(case):
    stay = stay_since(case, 1)
    for outsider in (case.sender, case.key_worker, case.reviewer):
        with pytest.raises(ActionNotPermitted):
            services.payment_record(stay=stay, user=outsider, paid_on=today(), amount=D(100))
    assert not Payment.objects.exists()


def test_a_payment_cannot_be_dated_in_the_future_nor_be_zero(case):
    stay = stay_since(case, 1)
    tomorrow = today() + datetime.timedelta(days=1)
    with pytest.raises(InvalidDates):
        services.payment_record(
            stay=stay, user=case.receiver_worker, paid_on=tomorrow, amount=D(100)
        )
    with pytest.raises(PaymentInvalid):
        services.payment_record(stay=stay, user=case.receiver_worker, paid_on=today(), amount=0)
    assert not Payment.objects.exists()


def test_a_variable_symbol_belongs_to_one_stay_of_the_organisation(case):
    first, second = stay_since(case, 1), stay_since(case, 1)
    account(first, case.receiver_worker, symbol="1200034")
    with pytest.raises(VariableSymbolTaken):
        services.account_set(stay=second, user=case.receiver_worker, variable_symbol="1200034")


def test_rent_from_a_later_month_replaces_the_charge_from_then(case):
    stay = stay_since(case, 3)
    account(stay, case.receiver_worker, rent=2000, services_=1000)
    services.rent_terms_set(
        stay=stay,
        user=case.receiver_worker,
        valid_from=months_ago(1, 17),
        rent=D(2000),
        services=D(1500),
    )
    months = statement_of(stay).months
    assert [row.rent for row in months] == [D(3000), D(3000), D(3500), D(3500)]
    with pytest.raises(InvalidDates):
        services.rent_terms_set(
            stay=stay, user=case.receiver_worker, valid_from=months_ago(5), rent=D(1)
        )


def test_the_worker_records_a_payment_on_the_referral_page(client, case):
    stay = stay_since(case, 1)
    account(stay, case.receiver_worker, rent=2500, services_=500)
    referral = stay.referral
    client.force_login(case.receiver_worker)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert 'data-testid="arrears-flag"' in page
    response = client.post(
        reverse("referrals:payment_add", args=[referral.public_id]),
        {"paid_on": today().isoformat(), "amount": "6000", "payer": "labour_office"},
    )
    assert response.status_code == 302
    page = client.get(referral.get_absolute_url()).content.decode()
    assert 'data-testid="arrears-flag"' not in page
    payment = Payment.objects.get()
    assert (payment.payer, payment.recorded_by) == ("labour_office", case.receiver_worker)
    statement_page = client.get(reverse("referrals:account", args=[referral.public_id]))
    assert statement_page.status_code == 200


@pytest.mark.parametrize(
    ("written", "amount"),
    [("6 000", "6000"), ("6\u00a0000,-", "6000"), ("6.000,00", "6000"), ("6000 Kč", "6000")],
)
def test_an_amount_typed_the_czech_way_is_recorded_exactly(client, case, written, amount):
    """Django's localised field alone refuses "6 000" and reads "6.000" as six crowns."""
    stay = stay_since(case, 1)
    account(stay, case.receiver_worker, rent=2500, services_=500)
    client.force_login(case.receiver_worker)
    response = client.post(
        reverse("referrals:payment_add", args=[stay.referral.public_id]),
        {"paid_on": today().isoformat(), "amount": written, "payer": "client"},
    )
    assert response.status_code == 302
    assert Payment.objects.get().amount == D(amount)


@pytest.mark.parametrize("form_class", [RentTermsForm, BenefitForm, AccountForm])
def test_the_money_forms_read_czech_amounts_and_refuse_garbage(form_class):
    field = next(
        name for name in ("rent", "amount", "deposit_amount") if name in form_class.base_fields
    )
    form_field = form_class.base_fields[field]
    assert form_field.clean("2 450,-") == D("2450.00")
    assert form_field.clean("1.500") == D("1500.00")  # a dot between thousands, as in Czech
    with pytest.raises(ValidationError):
        form_field.clean("dva tisíce")
