"""The money and the parties of the permission matrix's case (permission_world.py): the
placed stay's account with its rules, rent and a payment; OSPOD involvement and a benefit
recorded by the responsible organisation; and a consent that shares the OSPOD category
(and nothing else) with the receiving organisation, for its case reviewers to see."""

from dataclasses import dataclass
from decimal import Decimal

from referrals import services
from referrals.models import (
    AgencyInvolvement,
    BenefitRecord,
    Consent,
    FinanceRules,
    Payment,
)
from tests.referrals.factories import ConsentFactory

VARIABLE_SYMBOL = "1200034"


@dataclass
class Money:
    payment: Payment
    ospod: AgencyInvolvement
    benefit: BenefitRecord
    receiver_slug: str


def build_money(*, stay, social, affordable, client, sender, receiver_worker, today) -> Money:
    receiver = social.organisation
    # Přerov's deposit plan, and a tier below for a tenant one month in arrears.
    FinanceRules.objects.create(
        programme=social,
        deposit_amount=Decimal(1000),
        deposit_instalments=3,
        tier_down=affordable,
        down_after_months_in_arrears=1,
    )
    services.account_set(
        stay=stay,
        user=receiver_worker,
        variable_symbol=VARIABLE_SYMBOL,
        due_day=5,
        deposit_amount=Decimal(1000),
        deposit_instalments=3,
    )
    services.rent_terms_set(
        stay=stay, user=receiver_worker, valid_from=today, rent=Decimal(2500), services=Decimal(700)
    )
    payment = services.payment_record(
        stay=stay, user=receiver_worker, paid_on=today, amount=Decimal(334)
    )
    ospod = services.involvement_record(
        user=sender,
        client=client,
        kind="child_protection",
        organisation_name="OSPOD Přerov",
        since=today,
    )
    benefit = services.benefit_record(
        user=sender, client=client, kind="housing_supplement", amount=Decimal(3850)
    )
    ConsentFactory(
        client=client,
        organisation=receiver,
        recorded_by=sender,
        purpose=Consent.Purpose.ASSESSMENT,
        categories=["child_protection"],
        valid_from=today,
    )
    return Money(payment=payment, ospod=ospod, benefit=benefit, receiver_slug=receiver.slug)
