"""Referral fixtures on top of the root `orgs`: a programme of the receiving municipality
with Přerov's intake checklist, a shelter client with a child, consents, and `Case.make`,
which drives a referral to any state through the real services (tests/referrals/factories.py)."""

import datetime
from dataclasses import dataclass

import pytest

from partners.models import Membership, PathwayStage
from referrals import workflow
from referrals.models import Consent, Referral
from tests.partners.factories import IntakeCriterionFactory, MembershipFactory, ProgrammeFactory
from tests.referrals.factories import (  # noqa: F401 - PDF_BYTES and pdf_upload for the tests
    PDF_BYTES,
    ClientFactory,
    ConsentFactory,
    ReferralFactory,
    answers_all_yes,
    pdf_upload,
)

S = workflow.Status

PREROV_CRITERIA = [
    ("Předchozí spolupráce se sociálním pracovníkem", True),
    ("Dluhy vůči městu jen se splátkovým kalendářem", True),
    ("Žádné dluhy u dodavatele energií", True),
    ("Doporučení klíčového sociálního pracovníka", False),
]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def programme(orgs):
    programme = ProgrammeFactory(
        organisation=orgs.receiver.organisation,
        name="Tréninkové bydlení – sociální byty",
        slug="tb-socialni",
        stage=PathwayStage.objects.get(slug="treninkove"),
        max_stay_months=24,
        visit_interval_days=7,
        response_time_days=14,
    )
    for order, (text, required) in enumerate(PREROV_CRITERIA):
        IntakeCriterionFactory(programme=programme, text=text, required=required, sort_order=order)
    return programme


@pytest.fixture
def affordable_programme(orgs):
    programme = ProgrammeFactory(
        organisation=orgs.receiver.organisation,
        name="Tréninkové bydlení – dostupné byty",
        slug="tb-dostupne",
        stage=PathwayStage.objects.get(slug="dostupne"),
        max_stay_months=24,
        visit_interval_days=30,
    )
    IntakeCriterionFactory(programme=programme, text="Bez nových dluhů", required=True)
    return programme


@pytest.fixture
def third_programme(orgs):
    return ProgrammeFactory(
        organisation=orgs.third.organisation,
        name="Krizové bydlení",
        slug="krizove",
        stage=PathwayStage.objects.get(slug="krizove"),
        max_stay_months=6,
        visit_interval_days=7,
    )


@dataclass
class Case:
    orgs: object
    programme: object
    client: object
    key_worker: object
    sender: object  # the sending social worker
    reviewer: object  # the receiving case reviewer
    receiver_worker: object  # the receiving social worker

    def make(self, status: str = S.DRAFT, **kwargs) -> Referral:
        return make_referral(self, status, **kwargs)


ALL_CATEGORIES = ["identity", "household", "finances", "health", "notes"]


def grant_consent(case, organisation, purpose=Consent.Purpose.ASSESSMENT, categories=None):
    return ConsentFactory(
        client=case.client,
        organisation=organisation,
        recorded_by=case.sender,
        purpose=purpose,
        categories=categories or ["identity", "household", "finances"],
    )


@pytest.fixture
def case(orgs, programme) -> Case:
    sender = orgs.sender.users["social_worker"]
    key_worker = MembershipFactory(
        user__username="azylovy-dum-klicova",
        organisation=orgs.sender.organisation,
        role=Membership.Role.SOCIAL_WORKER,
    ).user
    client = ClientFactory(
        responsible_organisation=orgs.sender.organisation,
        recorded_by=sender,
        key_worker=key_worker,
        first_name="Jana",
        last_name="Dvořáková",
        phone="777 123 456",
        housing_situation="shelter",
        needs="Samostatné bydlení pro matku se dvěma dětmi.",
        debt_to_city=12000,
        city_repayment_schedule="500 Kč měsíčně od března",
        health_and_addiction="Astma u mladšího dítěte.",
        notes="Spolupracuje, chodí na schůzky včas.",
        household=[
            {"relation": "head", "first_name": "Jana"},
            {"relation": "child", "first_name": "Tomáš", "birth_date": datetime.date(2018, 5, 1)},
        ],
    )
    result = Case(
        orgs=orgs,
        programme=programme,
        client=client,
        key_worker=key_worker,
        sender=sender,
        reviewer=orgs.receiver.users["case_reviewer"],
        receiver_worker=orgs.receiver.users["social_worker"],
    )
    grant_consent(result, orgs.receiver.organisation)
    grant_consent(
        result,
        orgs.receiver.organisation,
        purpose=Consent.Purpose.COOPERATION,
        categories=["identity", "household", "finances", "health"],
    )
    return result


def make_referral(case: Case, status: str = S.DRAFT, *, programme=None) -> Referral:
    """A referral brought to `status` by the services, the way users would; the consents
    are the case's own (a programme without one is refused on submission)."""
    return ReferralFactory(
        client=case.client,
        programme=programme or case.programme,
        sender=case.sender,
        status=status,
        grant_consent=False,
    )


@pytest.fixture
def two_tenants(case):
    """Two tenants of the receiving programme with rent accounts (variable symbols 1200034 and
    77), the lines of a city's payment list are matched to."""
    from tests.referrals.finance_helpers import account, stay_since

    first, second = stay_since(case, 2), stay_since(case, 2)
    account(first, case.receiver_worker, rent=3000, services_=0, symbol="1200034")
    account(second, case.receiver_worker, rent=2500, services_=0, symbol="77")
    return first, second
