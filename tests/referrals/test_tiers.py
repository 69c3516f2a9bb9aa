"""Kadaň's tiers: after N months without arrears and house-rule breaches the page suggests
moving up, after M months in arrears moving down, with the facts behind it; nothing moves
until a worker accepts, and accepting drafts a transfer through the transfer service."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import ReasonCode
from referrals import ledger, selectors, services, tiers
from referrals.errors import ActionNotPermitted, ReferralError, SuggestionGone
from referrals.models import Referral
from tests.referrals.finance_helpers import (
    account,
    months_ago,
    pay_every_month,
    rules,
    stay_since,
    today,
)

D = Decimal


# --- The rule alone -------------------------------------------------------------------------

RULES = tiers.TierRules(
    up_after_months=6, down_after_months_in_arrears=2, can_move_up=True, can_move_down=True
)


def _statement(paid_months: int, *, months: int = 7, on=datetime.date(2026, 8, 15)):
    """Rent of 3 000 from January, due on the 1st; the first `paid_months` paid on time."""
    terms = [ledger.Terms(datetime.date(2026, 1, 1), D(3000), D(0))]
    charges = ledger.rent_charges(terms, until=on, due_day=1)
    payments = [
        ledger.Paid(ledger.add_months(datetime.date(2026, 1, 1), n), D(3000))
        for n in range(paid_months)
    ]
    return ledger.statement(charges, payments, on=on)


def test_six_clean_months_suggest_moving_up_with_the_months_named():
    statement = _statement(8)
    suggestion = tiers.suggest(
        RULES, statement, breaches=[], moved_in_on=datetime.date(2026, 1, 1), today=statement.on
    )
    assert suggestion.direction == tiers.UP
    assert (suggestion.first_month, suggestion.last_month) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 7, 1),
    )
    assert suggestion.months == 6 and suggestion.breaches == 0


def test_a_breach_in_those_months_or_too_short_a_stay_suggests_nothing():
    statement = _statement(8)
    moved_in = datetime.date(2026, 1, 1)
    breach = [datetime.date(2026, 5, 20)]
    assert (
        tiers.suggest(RULES, statement, breaches=breach, moved_in_on=moved_in, today=statement.on)
        is None
    )
    # A breach before the six months no longer counts.
    old = [datetime.date(2026, 1, 20)]
    assert tiers.suggest(RULES, statement, breaches=old, moved_in_on=moved_in, today=statement.on)
    late = datetime.date(2026, 3, 1)
    assert (
        tiers.suggest(RULES, statement, breaches=[], moved_in_on=late, today=statement.on) is None
    )


def test_two_months_in_arrears_suggest_moving_down():
    statement = _statement(6)  # July and August unpaid
    suggestion = tiers.suggest(
        RULES,
        statement,
        breaches=[datetime.date(2026, 4, 2)],
        moved_in_on=datetime.date(2026, 1, 1),
        today=statement.on,
    )
    assert suggestion.direction == tiers.DOWN
    assert suggestion.months == 2 and suggestion.arrears == D(6000)
    assert suggestion.oldest_unpaid_month == datetime.date(2026, 7, 1)
    assert suggestion.breaches == 1
    one_month = _statement(7)
    assert (
        tiers.suggest(
            RULES, one_month, breaches=[], moved_in_on=datetime.date(2026, 1, 1), today=one_month.on
        )
        is None
    )


def test_a_top_tier_never_suggests_moving_up():
    top = tiers.TierRules(6, 2, can_move_up=False, can_move_down=True)
    statement = _statement(8)
    assert (
        tiers.suggest(
            top, statement, breaches=[], moved_in_on=datetime.date(2026, 1, 1), today=statement.on
        )
        is None
    )


# --- On a stay, through the services and the page --------------------------------------------


@pytest.fixture
def kadan(case, affordable_programme, third_programme):
    """The case's programme is the entry tier; the affordable flats are the tier above and
    the third organisation's crisis housing the one below."""
    return rules(
        case.programme,
        tier_up=affordable_programme,
        tier_down=third_programme,
        up_after_months=6,
        down_after_months_in_arrears=2,
    )


@pytest.mark.django_db
def test_a_tenant_who_paid_for_seven_months_is_suggested_up_and_the_worker_starts_it(
    client, case, kadan
):
    stay = stay_since(case, 7)
    account(stay, case.receiver_worker, rent=2400, services_=600)
    pay_every_month(stay, case.receiver_worker, 3000, months=7)
    referral = stay.referral
    client.force_login(case.receiver_worker)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert 'data-testid="tier-suggestion" data-direction="up"' in page
    assert kadan.tier_up.name in page
    assert Referral.objects.filter(previous=referral).count() == 0  # never automatic

    response = client.post(reverse("referrals:tier_move", args=[referral.public_id, "up"]))
    transfer = Referral.objects.get(previous=referral)
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:edit", args=[transfer.public_id])
    assert transfer.kind == Referral.Kind.TRANSFER and transfer.programme == kadan.tier_up
    assert transfer.status == "draft"
    assert f"{months_ago(6).month}/{months_ago(6).year}" in transfer.reason
    assert "Kč" not in transfer.reason  # months, never amounts


@pytest.mark.django_db
def test_a_tenant_in_arrears_is_suggested_down(case, kadan):
    stay = stay_since(case, 3)
    account(stay, case.receiver_worker, rent=3000, services_=0)  # nothing paid
    services.breach_record(
        stay=stay,
        user=case.receiver_worker,
        occurred_on=stay.moved_in_on,
        description="Hluk v noci",
    )
    shown = selectors.account_view_for(case.receiver_worker, stay.referral, stay).suggestion
    assert (shown.direction, shown.months, shown.breaches) == ("down", 4, 1)
    assert shown.arrears == D(12000)
    with pytest.raises(SuggestionGone):
        services.tier_move_start(referral=stay.referral, user=case.receiver_worker, direction="up")
    for missing in (None, "", "x"):  # a move down needs its coded reason; nothing drafted
        with pytest.raises(ReferralError):
            services.tier_move_start(
                referral=stay.referral,
                user=case.receiver_worker,
                direction="down",
                move_down_code=missing,
            )
    assert not Referral.objects.filter(previous=stay.referral).exists()
    new_debt = ReasonCode.objects.get(code_list="move_down", code="new_debt")
    transfer = services.tier_move_start(
        referral=stay.referral,
        user=case.receiver_worker,
        direction="down",
        move_down_code=new_debt.pk,
    )
    assert transfer.programme == kadan.tier_down
    assert transfer.move_down_code == new_debt
    assert transfer.reason == services.suggestion_reason(shown)


@pytest.mark.django_db
def test_only_those_who_may_transfer_start_the_move(case, kadan):
    stay = stay_since(case, 3)
    account(stay, case.receiver_worker, rent=3000, services_=0)
    for user in (case.sender, case.reviewer):
        with pytest.raises(ActionNotPermitted):
            services.tier_move_start(referral=stay.referral, user=user, direction="down")
    assert not Referral.objects.filter(previous=stay.referral).exists()


@pytest.mark.django_db
def test_a_payment_since_the_page_was_shown_withdraws_the_suggestion(case, kadan):
    stay = stay_since(case, 1)
    account(stay, case.receiver_worker, rent=3000, services_=0)
    services.payment_record(stay=stay, user=case.receiver_worker, paid_on=today(), amount=D(6000))
    with pytest.raises(SuggestionGone):
        services.tier_move_start(
            referral=stay.referral, user=case.receiver_worker, direction="down"
        )
