"""The demo's money and partner agencies (referrals/demo/money*.py): a Přerov stay with the
deposit in instalments and a month in arrears, a Kadaň tenant the tiers suggest moving up,
a family with OSPOD involved, a referral to debt counselling, and the old booleans of the
demo families as records. A second run changes nothing."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from referrals import selectors
from referrals.models import (
    AgencyInvolvement,
    BenefitRecord,
    FinanceRules,
    Payment,
    Referral,
    StayAccount,
)
from tests.referrals.test_demo import demo_partners, run  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _account_view(first_name, username):
    referral = Referral.objects.get(client__first_name=first_name, status="placed")
    worker = get_user_model().objects.get(username=username)
    return selectors.account_view_for(worker, referral, referral.stay)


def test_the_demo_money_and_agencies(demo_partners):  # noqa: F811
    output = run()
    assert "skipped" not in output, output
    rules = FinanceRules.objects.get(programme__slug="treninkove-bydleni-socialni-byty")
    assert (rules.deposit_amount, rules.deposit_instalments) == (Decimal(1000), 3)
    kadan = FinanceRules.objects.get(programme__slug="vstupni-bydleni-prunerov")
    assert kadan.tier_up.slug == "dostupne-bydleni-kadan"
    assert kadan.tier_down.slug == "nizkoprahove-bydleni-prunerov"

    prerov = _account_view("Renata", "prerov-socialni")
    assert prerov.statement.deposit_total == Decimal(1000)
    assert [charge.amount for charge, _settled in prerov.statement.deposit_plan] == [
        Decimal(334),
        Decimal(333),
        Decimal(333),
    ]
    assert prerov.statement.months_in_arrears == 1 and prerov.flagged
    assert Payment.objects.filter(account=prerov.account, payer="labour_office").exists()

    kadan_view = _account_view("Josef", "kadan-socialni")
    assert kadan_view.statement.arrears == 0
    assert kadan_view.suggestion.direction == "up"
    assert kadan_view.suggested_programme.slug == "vstupni-bydleni-prunerov"

    ospod = AgencyInvolvement.objects.filter(kind="child_protection")
    assert set(ospod.values_list("client__first_name", flat=True)) == {"Petra", "Josef"}
    counselling = Referral.objects.get(programme__slug="dluhove-poradenstvi")
    assert counselling.status == "accepted"
    assert counselling.programme.organisation.slug == "dluhova-poradna-prerov"
    benefits = set(BenefitRecord.objects.values_list("client__first_name", "kind"))
    assert ("Milan", "housing_supplement") in benefits
    assert ("Simona", "housing_allowance") in benefits

    counts = [m.objects.count() for m in (StayAccount, Payment, AgencyInvolvement, BenefitRecord)]
    again = run()
    assert "created" not in again
    assert [
        m.objects.count() for m in (StayAccount, Payment, AgencyInvolvement, BenefitRecord)
    ] == counts
