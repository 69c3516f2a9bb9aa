"""A small hand-built year of casework (2025) whose every figure is worked out by hand in
test_measures.py, on top of the root `orgs` fixture (rows: tests/outcomes/factories.py)."""

import datetime
from dataclasses import dataclass, field

import pytest

from partners.models import Approach, PathwayStage
from referrals import workflow
from referrals.models import Outcome, PlanGoal
from tests.cms.factories import ProjectIndexPageFactory, ProjectPageFactory
from tests.outcomes.factories import PastReferralFactory, PastStayFactory, PlanGoalFactory
from tests.partners.factories import ProgrammeFactory

S = workflow.Status
TODAY = datetime.date(2026, 6, 30)
YEAR_START = datetime.date(2025, 1, 1)
YEAR_END = datetime.date(2025, 12, 31)


@dataclass
class Dataset:
    programmes: dict
    referrals: dict = field(default_factory=dict)
    stays: dict = field(default_factory=dict)

    def referral(self, name, programme, *, submitted, decided=None, status=S.PLACED, **kwargs):
        if "client" not in kwargs:
            kwargs["client__debt_to_city"] = kwargs.pop("debt", None)
        referral = PastReferralFactory(
            programme=programme, submitted=submitted, decided=decided, status=status, **kwargs
        )
        self.referrals[name] = referral
        return referral

    def stay(self, name, referral, *, moved_in, ended=None, outcome=""):
        stay = PastStayFactory(referral=referral, moved_in=moved_in, ended=ended, outcome=outcome)
        self.stays[name] = stay
        return stay

    def housing_first_cohort(self) -> None:
        """Thirteen more Housing First tenants in 2025, seven still housed and six gone on
        to a standard tenancy: enough for the public table to show some counts."""
        hf = self.programmes["hf"]
        for i in range(7):
            referral = self.referral(f"big{i}", hf, submitted="2025-02-01", decided="2025-02-05")
            self.stay(f"bigs{i}", referral, moved_in="2025-03-01")
        for i in range(6):
            referral = self.referral(f"ok{i}", hf, submitted="2025-02-01", decided="2025-02-05")
            self.stay(
                f"oks{i}",
                referral,
                moved_in="2025-03-01",
                ended="2025-09-01",
                outcome=Outcome.SUCCESSFUL_EXIT,
            )


def stage(slug):
    return PathwayStage.objects.get(slug=slug)


@pytest.fixture
def programmes(orgs):
    receiver, third = orgs.receiver.organisation, orgs.third.organisation
    return {
        "hr": ProgrammeFactory(
            organisation=receiver,
            name="Tréninkové bydlení",
            slug="tb",
            stage=stage("treninkove"),
            approach=Approach.HOUSING_READY,
        ),
        "std": ProgrammeFactory(
            organisation=receiver,
            name="Standardní nájem",
            slug="std",
            stage=stage("standardni"),
            approach=Approach.HOUSING_READY,
        ),
        "hf": ProgrammeFactory(
            organisation=third,
            name="Housing First – sociální byty",
            slug="hf",
            stage=stage("socialni"),
            approach=Approach.HOUSING_FIRST,
        ),
        "crisis": ProgrammeFactory(
            organisation=third,
            name="Krizové bydlení",
            slug="krize",
            stage=stage("krizove"),
            approach=Approach.OTHER,
        ),
    }


@pytest.fixture
def dataset(programmes) -> Dataset:
    p = programmes
    d = Dataset(programmes=p)
    r1 = d.referral("r1", p["hr"], submitted="2025-01-10", decided="2025-01-20")
    d.stay("s1", r1, moved_in="2025-02-01", ended="2025-08-01", outcome=Outcome.MOVED_ON)
    r2 = d.referral(
        "r2", p["std"], submitted="2025-07-01", decided="2025-07-05", previous=r1, client=r1.client
    )
    d.stay("s2", r2, moved_in="2025-08-01")
    d.referral("r3", p["hr"], submitted="2025-03-01", decided="2025-03-15", status=S.DECLINED)
    r4 = d.referral("r4", p["hf"], submitted="2024-12-20", decided="2025-01-02", debt=12000)
    s4 = d.stay("s4", r4, moved_in="2025-01-15", ended="2025-05-15", outcome=Outcome.DROPPED_OUT)
    PlanGoalFactory(
        stay=s4,
        topic=PlanGoal.Topic.DEBT_REPAYMENT,
        text="Splácet dluh vůči městu podle kalendáře",
        status=PlanGoal.Status.ACHIEVED,
    )
    r5 = d.referral("r5", p["hf"], submitted="2025-02-01", decided="2025-02-03", debt=5000)
    s5 = d.stay("s5", r5, moved_in="2025-03-01", ended="2026-01-10", outcome=Outcome.EXCLUDED)
    PlanGoalFactory(
        stay=s5,
        topic=PlanGoal.Topic.DEBT_REPAYMENT,
        text="Splátkový kalendář u ČEZ",
        status=PlanGoal.Status.IN_PROGRESS,
    )
    PlanGoalFactory(stay=s5, text="Přihlásit děti do školy", status=PlanGoal.Status.ACHIEVED)
    r6 = d.referral(
        "r6",
        p["crisis"],
        submitted="2025-12-01",
        decided="2025-12-02",
        previous=r5,
        client=r5.client,
    )
    d.stay("s6", r6, moved_in="2025-12-10")
    d.referral("r7", p["hf"], submitted="2025-06-01", status=S.SUBMITTED)
    r8 = d.referral("r8", p["hf"], submitted="2024-01-01", decided="2024-01-05")
    s8 = d.stay("s8", r8, moved_in="2024-02-01")
    PlanGoalFactory(
        stay=s8,
        topic=PlanGoal.Topic.DEBT_REPAYMENT,
        text="Splátky dluhu",
        status=PlanGoal.Status.ACHIEVED,
    )
    r9 = d.referral("r9", p["hf"], submitted="2025-01-05", decided="2025-01-25")
    d.stay("s9", r9, moved_in="2025-01-31", ended="2025-07-31", outcome=Outcome.DROPPED_OUT)
    # A draft never submitted counts nowhere.
    d.referral("draft", p["hf"], submitted=None, status=S.DRAFT)
    return d


@pytest.fixture
def project(site_tree, orgs):
    """A published project page of the receiver, with the third organisation as partner."""
    index = ProjectIndexPageFactory(parent=site_tree.home, title="Projekty", slug="projekty")
    return ProjectPageFactory(
        parent=index,
        title="Prostupné bydlení Přerov",
        slug="prostupne-bydleni",
        summary="Projekt prostupného bydlení.",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        lead_organisation=orgs.receiver.organisation,
        partner_organisations=[orgs.third.organisation],
        publish=True,
    )
