"""Reads of the money of stays: a stay's account as its keeper and the finance readers see
it (statement, payments, flag, tier suggestion), and the payment record a deciding
programme sees of a client (the sums and months in arrears of each stay, nothing more)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from partners.models import ReasonCode

from .. import ledger, permissions, tiers
from ..models import Client, FinanceRules, HouseRuleBreach, Payment, Referral, Stay, StayAccount


def accounts_loaded(qs: QuerySet[StayAccount]) -> QuerySet[StayAccount]:
    """Accounts with what their statement needs: terms, live payments, the stay and its
    programme's rules, in three queries however many accounts and payments."""
    return _with_terms_and_payments(qs.select_related("stay__programme__finance_rules"))


def _with_terms_and_payments(qs: QuerySet[StayAccount]) -> QuerySet[StayAccount]:
    return qs.prefetch_related(
        "terms",
        Prefetch(
            "payments",
            queryset=Payment.objects.filter(cancelled_at__isnull=True).order_by("paid_on", "pk"),
            to_attr="live_payments",
        ),
    )


def account_charges(account: StayAccount, *, until: datetime.date) -> list[ledger.Charge]:
    stay = account.stay
    terms = [ledger.Terms(t.valid_from, t.rent, t.services) for t in account.terms.all()]
    charges = ledger.rent_charges(
        terms, until=until, due_day=account.due_day, ends_on=stay.ended_on
    )
    first_due = account.deposit_first_due or stay.moved_in_on
    return charges + ledger.instalments(
        account.deposit_amount, account.deposit_instalments, first_due
    )


def account_statement(account: StayAccount, *, on: datetime.date) -> ledger.Statement:
    payments = getattr(account, "live_payments", None)
    if payments is None:
        payments = account.payments.filter(cancelled_at__isnull=True)
    return ledger.statement(
        account_charges(account, until=on),
        [ledger.Paid(p.paid_on, p.amount) for p in payments],
        on=on,
    )


def rules_of(programme) -> FinanceRules | None:
    try:
        return programme.finance_rules
    except FinanceRules.DoesNotExist:
        return None


def threshold_of(programme) -> Decimal:
    rules = rules_of(programme)
    return rules.arrears_threshold if rules is not None else Decimal(0)


def is_flagged(statement: ledger.Statement, threshold: Decimal) -> bool:
    return statement.arrears > threshold


def tier_rules(rules: FinanceRules | None) -> tiers.TierRules | None:
    if rules is None or not (rules.tier_up_id or rules.tier_down_id):
        return None
    return tiers.TierRules(
        up_after_months=rules.up_after_months,
        down_after_months_in_arrears=rules.down_after_months_in_arrears,
        can_move_up=rules.tier_up_id is not None,
        can_move_down=rules.tier_down_id is not None,
    )


def tier_suggestion(
    account: StayAccount, statement: ledger.Statement, *, today: datetime.date
) -> tiers.TierSuggestion | None:
    """What the tiers suggest for a running stay, or None (no tiers, a stay that ended, or
    nothing to suggest). One query for the breaches, only where there are tiers."""
    stay = account.stay
    rules = tier_rules(rules_of(stay.programme))
    if rules is None or stay.ended_on is not None:
        return None
    breaches = HouseRuleBreach.objects.filter(stay=stay).values_list("occurred_on", flat=True)
    return tiers.suggest(
        rules, statement, breaches=list(breaches), moved_in_on=stay.moved_in_on, today=today
    )


@dataclass
class AccountView:
    """A stay's money as its page shows it. `account` is None until the keeper sets it up."""

    stay: Stay
    account: StayAccount | None
    statement: ledger.Statement | None
    threshold: Decimal
    can_keep: bool
    can_record_breach: bool
    rules: FinanceRules | None = None
    suggestion: tiers.TierSuggestion | None = None
    payments: list = field(default_factory=list)
    breaches: list = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.statement is not None and is_flagged(self.statement, self.threshold)

    @property
    def current_terms(self):
        if self.account is None:
            return None
        today = ledger.month_of(self.statement.on)
        current = [t for t in self.account.terms.all() if t.valid_from <= today]
        return current[-1] if current else None

    @property
    def months_newest_first(self) -> list[ledger.MonthRow]:
        return list(reversed(self.statement.months)) if self.statement else []

    @property
    def recent_months(self) -> list[ledger.MonthRow]:
        return self.months_newest_first[:12]

    @property
    def suggested_programme(self):
        if self.suggestion is None or self.rules is None:
            return None
        return self.rules.tier_up if self.suggestion.direction == tiers.UP else self.rules.tier_down

    @cached_property
    def move_down_codes(self) -> list[ReasonCode]:
        """A move down takes its coded reason: the codes in use, read only when the page
        offers one."""
        if self.suggestion is None or self.suggestion.direction != tiers.DOWN:
            return []
        return list(ReasonCode.objects.filter(code_list=ReasonCode.List.MOVE_DOWN, is_active=True))


def account_view_for(
    user, referral: Referral, stay: Stay | None, *, recent: int = 12
) -> AccountView | None:
    if stay is None or not permissions.can_view_account(user, referral):
        return None
    today = timezone.localdate()
    # The account's own row with its terms and payments; its stay is the one given (with
    # its programme and the programme's rules, as the referral page loads it).
    account = next(iter(_with_terms_and_payments(StayAccount.objects.filter(stay=stay))), None)
    if account is not None:
        account.stay = stay
    can_keep = permissions.can_keep_account(user, referral)
    rules = rules_of(stay.programme)
    view = AccountView(
        stay=stay,
        account=account,
        statement=None,
        threshold=rules.arrears_threshold if rules else Decimal(0),
        can_keep=can_keep,
        can_record_breach=permissions.can_record_breach(user, referral),
        rules=rules,
    )
    view.breaches = list(HouseRuleBreach.objects.filter(stay=stay)[:recent])
    if account is None:
        return view
    view.statement = account_statement(account, on=today)
    view.payments = sorted(account.live_payments, key=lambda p: (p.paid_on, p.pk), reverse=True)
    view.payments = view.payments[:recent]
    if rules is not None and (rules.tier_up_id or rules.tier_down_id):
        view.suggestion = tier_suggestion(account, view.statement, today=today)
    return view


@dataclass(frozen=True)
class PaymentRecordRow:
    """One stay of the client as a deciding programme sees it: sums and months only."""

    programme: str
    organisation: str
    moved_in_on: datetime.date
    ended_on: datetime.date | None
    charged: Decimal
    paid: Decimal
    arrears: Decimal
    months_in_arrears: int
    months_ended_in_arrears: int
    months_charged: int


def payment_record_for(user, client: Client) -> list[PaymentRecordRow]:
    """The client's payment record over every stay that has an account, for those who see
    the client's finances (permissions.can_see_payment_record); empty for anyone else."""
    if not permissions.can_see_payment_record(user, client):
        return []
    today = timezone.localdate()
    accounts = accounts_loaded(
        StayAccount.objects.filter(stay__referral__client=client).select_related(
            "stay__programme__organisation"
        )
    ).order_by("stay__moved_in_on", "pk")
    rows = []
    for account in accounts:
        statement = account_statement(account, on=today)
        programme = account.stay.programme
        rows.append(
            PaymentRecordRow(
                programme=programme.name,
                organisation=programme.organisation.short_name or programme.organisation.name,
                moved_in_on=account.stay.moved_in_on,
                ended_on=account.stay.ended_on,
                charged=statement.charged,
                paid=statement.paid,
                arrears=statement.arrears,
                months_in_arrears=statement.months_in_arrears,
                months_ended_in_arrears=statement.months_ended_in_arrears,
                months_charged=sum(1 for row in statement.months if row.rent > 0 and row.due),
            )
        )
    return rows
