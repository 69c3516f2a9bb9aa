"""Writes on the money of a stay: the account (deposit and its instalments, variable
symbol, due day), rent and services per month, payments and their cancellation,
house-rule breaches, the arrears flag, and the tier move a worker accepts.

Each write takes the referral's row lock and asks the workflow table (KEEP_ACCOUNT,
RECORD_BREACH on a placed referral, for the receiving programme's social workers), then
refreshes the arrears flag from the ledger."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import save_with_history

from .. import ledger, tiers, workflow
from ..errors import (
    InvalidDates,
    PaymentInvalid,
    ReferralError,
    SuggestionGone,
    VariableSymbolTaken,
)
from ..models import HouseRuleBreach, Payment, Referral, RentTerms, Stay, StayAccount
from ..selectors.finance import (
    account_statement,
    accounts_loaded,
    is_flagged,
    rules_of,
    tier_suggestion,
)
from .common import check_action, lock_referral
from .referrals import referral_transfer

Action = workflow.Action


def _stay_checked(stay: Stay, user, action: str) -> tuple[Stay, Referral]:
    referral = lock_referral(stay.referral_id)
    check_action(referral, user, action)
    return Stay.objects.select_related("programme").get(pk=stay.pk), referral


def _amount(value, *, positive: bool = True) -> Decimal:
    try:
        amount = ledger.money(value)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise PaymentInvalid(_("Enter the amount in Czech crowns.")) from error
    if amount < 0 or (positive and amount == 0):
        raise PaymentInvalid(_("The amount must be more than zero."))
    return amount


def _account_of(stay: Stay, user) -> StayAccount:
    """The stay's account, opened with the programme's deposit rules when missing."""
    account = StayAccount.objects.select_for_update().filter(stay=stay).first()
    if account is not None:
        return account
    rules = rules_of(stay.programme)
    account = StayAccount(
        stay=stay,
        organisation_id=stay.programme.organisation_id,
        deposit_amount=(rules.deposit_amount or 0) if rules else 0,
        deposit_instalments=rules.deposit_instalments if rules else 1,
        deposit_first_due=stay.moved_in_on,
    )
    save_with_history(account, user=user, reason="account.opened")
    return account


def account_refresh(
    account: StayAccount, *, today: datetime.date | None = None, loaded: bool = False
):
    """Recompute the account's statement and keep its arrears flag in step: set on the day
    the arrears rise above the programme's threshold, cleared when they fall to it.
    `loaded`: the account came from selectors.accounts_loaded (its rows are not read
    again, and its flag is updated in place). Returns the statement."""
    today = today or timezone.localdate()
    if not loaded:
        account = accounts_loaded(StayAccount.objects.filter(pk=account.pk)).get()
    statement = account_statement(account, on=today)
    rules = rules_of(account.stay.programme)
    flagged = is_flagged(statement, rules.arrears_threshold if rules else Decimal(0))
    since = account.arrears_flag_since
    if flagged and since is None:
        since = today
    elif not flagged:
        since = None
    if since != account.arrears_flag_since:
        StayAccount.objects.filter(pk=account.pk).update(arrears_flag_since=since)
        account.arrears_flag_since = since
    return statement


@transaction.atomic
def account_set(
    *,
    stay: Stay,
    user,
    variable_symbol: str = "",
    due_day: int = 5,
    deposit_amount=0,
    deposit_instalments: int = 1,
    deposit_first_due: datetime.date | None = None,
) -> StayAccount:
    """The account's settings: the variable symbol the accounting uses, the due day, and
    the deposit with its instalment plan."""
    stay, _referral = _stay_checked(stay, user, Action.KEEP_ACCOUNT)
    account = _account_of(stay, user)
    if not 1 <= int(due_day) <= 31:
        raise PaymentInvalid(_("The due day is a day of the month (1–31)."))
    if not 1 <= int(deposit_instalments) <= 24:
        raise PaymentInvalid(_("The deposit is paid in 1 to 24 instalments."))
    account.variable_symbol = (variable_symbol or "").strip()
    if account.variable_symbol and not account.variable_symbol.isdigit():
        raise PaymentInvalid(_("A variable symbol has one to ten digits."))
    account.due_day = int(due_day)
    account.deposit_amount = _amount(deposit_amount, positive=False)
    account.deposit_instalments = int(deposit_instalments)
    account.deposit_first_due = deposit_first_due or stay.moved_in_on
    try:
        with transaction.atomic():
            save_with_history(account, user=user, reason="account.changed")
    except IntegrityError as error:
        raise VariableSymbolTaken() from error
    account_refresh(account)
    return account


@transaction.atomic
def rent_terms_set(*, stay: Stay, user, valid_from: datetime.date, rent, services=0) -> RentTerms:
    """Rent and services per month from `valid_from`'s month on (the same month again
    replaces what was set for it)."""
    stay, _referral = _stay_checked(stay, user, Action.KEEP_ACCOUNT)
    month = ledger.month_of(valid_from)
    if month < ledger.month_of(stay.moved_in_on):
        raise InvalidDates(_("Rent cannot be charged before the month of the move-in."))
    account = _account_of(stay, user)
    terms, _created = RentTerms.objects.update_or_create(
        account=account,
        valid_from=month,
        defaults={
            "rent": _amount(rent, positive=False),
            "services": _amount(services or 0, positive=False),
            "recorded_by": user,
        },
    )
    account_refresh(account)
    return terms


@transaction.atomic
def payment_record(
    *,
    stay: Stay,
    user,
    paid_on: datetime.date,
    amount,
    payer: str = Payment.Payer.CLIENT,
    note: str = "",
) -> Payment:
    stay, _referral = _stay_checked(stay, user, Action.KEEP_ACCOUNT)
    if payer not in Payment.Payer.values:
        raise PaymentInvalid(_("Choose who paid."))
    if paid_on > timezone.localdate():
        raise InvalidDates(_("A payment cannot be dated in the future."))
    account = _account_of(stay, user)
    payment = Payment.objects.create(
        account=account,
        paid_on=paid_on,
        amount=_amount(amount),
        payer=payer,
        variable_symbol=account.variable_symbol,
        note=(note or "").strip()[:200],
        recorded_by=user,
    )
    account_refresh(account)
    return payment


@transaction.atomic
def payment_cancel(*, payment: Payment, user) -> Payment:
    """A payment recorded by mistake is cancelled, never deleted."""
    payment = Payment.objects.select_related("account__stay").get(pk=payment.pk)
    _stay_checked(payment.account.stay, user, Action.KEEP_ACCOUNT)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.cancelled_at is None:
        payment.cancelled_at = timezone.now()
        payment.cancelled_by = user
        payment.save(update_fields=["cancelled_at", "cancelled_by"])
        account_refresh(payment.account)
    return payment


@transaction.atomic
def breach_record(
    *, stay: Stay, user, occurred_on: datetime.date, description: str
) -> HouseRuleBreach:
    stay, _referral = _stay_checked(stay, user, Action.RECORD_BREACH)
    if not description.strip():
        raise ReferralError(_("Describe what happened."))
    if occurred_on > timezone.localdate() or occurred_on < stay.moved_in_on:
        raise InvalidDates(_("The breach must fall between the move-in and today."))
    return HouseRuleBreach.objects.create(
        stay=stay, occurred_on=occurred_on, description=description.strip(), recorded_by=user
    )


def suggestion_reason(suggestion: tiers.TierSuggestion) -> str:
    """The transfer's reason, from the facts: months and breaches, never amounts (the
    reason is shown to whoever sees the case's content)."""

    def month(day):
        return f"{day.month}/{day.year}" if day else ""

    months = {
        "first": month(suggestion.first_month),
        "last": month(suggestion.last_month),
        "months": suggestion.months,
        "breaches": suggestion.breaches,
    }
    if suggestion.direction == tiers.UP:
        return (
            _(
                "Suggested by the payment record: %(months)s months without arrears and "
                "without a house-rule breach (%(first)s–%(last)s)."
            )
            % months
        )
    return (
        _(
            "Suggested by the payment record: %(months)s months in arrears (since %(first)s); "
            "house-rule breaches during the stay: %(breaches)s."
        )
        % months
    )


@transaction.atomic
def tier_move_start(*, referral: Referral, user, direction: str, move_down_code=None) -> Referral:
    """A worker accepts the tiers' suggestion: a transfer to the tier above or below is
    drafted through the usual transfer service (never done without this step); a move
    down takes its coded reason there."""
    referral = lock_referral(referral.pk)
    check_action(referral, user, Action.TRANSFER)
    account = (
        StayAccount.objects.select_related("stay__programme__finance_rules")
        .prefetch_related("terms")
        .filter(stay__referral=referral, stay__ended_on__isnull=True)
        .first()
    )
    if account is None:
        raise SuggestionGone()
    today = timezone.localdate()
    suggestion = tier_suggestion(account, account_statement(account, on=today), today=today)
    if suggestion is None or suggestion.direction != direction:
        raise SuggestionGone()
    rules = rules_of(account.stay.programme)
    target = rules.tier_up if direction == tiers.UP else rules.tier_down
    return referral_transfer(
        referral=referral,
        user=user,
        programme=target,
        reason=suggestion_reason(suggestion),
        move_down_code=move_down_code,
    )
