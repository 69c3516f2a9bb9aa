"""Referral fixtures on top of the root `orgs`: a programme of the receiving municipality
with Přerov's intake checklist, a shelter client with a child, consents, and a factory that
drives a referral to any state through the real services."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.models import IntakeCriterion, Membership, PathwayStage
from referrals import services, workflow
from referrals.models import Consent, Referral
from tests.partners.factories import MembershipFactory, ProgrammeFactory, UserFactory

S = workflow.Status

PREROV_CRITERIA = [
    ("Předchozí spolupráce se sociálním pracovníkem", True),
    ("Dluhy vůči městu jen se splátkovým kalendářem", True),
    ("Žádné dluhy u dodavatele energií", True),
    ("Doporučení klíčového sociálního pracovníka", False),
]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="zprava.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


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
        IntakeCriterion.objects.create(
            programme=programme, text=text, required=required, sort_order=order
        )
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
    IntakeCriterion.objects.create(programme=programme, text="Bez nových dluhů", required=True)
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
    return services.consent_grant(
        user=case.sender,
        client=case.client,
        organisation=organisation,
        purpose=purpose,
        categories=categories or ["identity", "household", "finances"],
        valid_from=datetime.date.today() - datetime.timedelta(days=1),
        signed_form=pdf_upload("souhlas.pdf"),
    )


@pytest.fixture
def case(orgs, programme) -> Case:
    sender = orgs.sender.users["social_worker"]
    key_worker = UserFactory(username="azylovy-dum-klicova")
    MembershipFactory(
        user=key_worker, organisation=orgs.sender.organisation, role=Membership.Role.SOCIAL_WORKER
    )
    client = services.client_create(
        user=sender,
        organisation=orgs.sender.organisation,
        key_worker=key_worker,
        data={
            "first_name": "Jana",
            "last_name": "Dvořáková",
            "phone": "777 123 456",
            "housing_situation": "shelter",
            "needs": "Samostatné bydlení pro matku se dvěma dětmi.",
            "debt_to_city": 12000,
            "city_repayment_schedule": "500 Kč měsíčně od března",
            "health_and_addiction": "Astma u mladšího dítěte.",
            "notes": "Spolupracuje, chodí na schůzky včas.",
        },
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


def answers_all_yes(programme) -> dict:
    return {c.pk: {"answer": "yes", "note": ""} for c in programme.intake_criteria.all()}


def make_referral(case: Case, status: str = S.DRAFT, *, programme=None) -> Referral:
    """A referral brought to `status` by the services, the way users would."""
    programme = programme or case.programme
    referral = services.referral_create(
        user=case.sender,
        client=case.client,
        programme=programme,
        reason="Rodina v azylovém domě, připravená na samostatné bydlení.",
        urgency="soon",
        answers=answers_all_yes(programme),
    )
    path = {
        S.DRAFT: [],
        S.SUBMITTED: ["submit"],
        S.UNDER_REVIEW: ["submit", "start_review"],
        S.INFO_REQUESTED: ["submit", "request_info"],
        S.ACCEPTED: ["submit", "accept"],
        S.DECLINED: ["submit", "decline"],
        S.WITHDRAWN: ["withdraw"],
        S.PLACED: ["submit", "accept", "place"],
        S.CLOSED: ["submit", "accept", "place", "close"],
    }[S(status)]
    reviewer = programme.organisation.memberships.filter(role="case_reviewer").first().user
    worker = programme.organisation.memberships.filter(role="social_worker").first().user
    today = datetime.date.today()
    for step in path:
        if step == "submit":
            referral = services.referral_submit(referral=referral, user=case.sender)
        elif step == "start_review":
            referral = services.referral_start_review(referral=referral, user=reviewer)
        elif step == "request_info":
            referral = services.referral_request_info(
                referral=referral, user=reviewer, reason="Doložte splátkový kalendář."
            )
        elif step == "accept":
            referral = services.referral_accept(referral=referral, user=reviewer)
        elif step == "decline":
            referral = services.referral_decline(
                referral=referral, user=reviewer, reason="Nesplňuje podmínku bezdlužnosti."
            )
        elif step == "withdraw":
            referral = services.referral_withdraw(referral=referral, user=case.sender)
        elif step == "place":
            referral = services.referral_place(
                referral=referral,
                user=worker,
                lease_start=today,
                lease_end=today + datetime.timedelta(days=180),
            )
        elif step == "close":
            referral = services.referral_close(
                referral=referral, user=worker, outcome="successful_exit"
            )
    assert referral.status == status
    return Referral.objects.get(pk=referral.pk)
