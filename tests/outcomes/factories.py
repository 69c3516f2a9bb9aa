"""Past casework for the statistics, on the days it happened: rows written directly,
because the services stamp today's date on every step. They keep what the services
would: the referral comes from the client's organisation and goes to its programme's
organisation, a stay copies its referral's programme and stage, and a stay that ended
with an outcome closes its referral. Days are ISO strings ("2025-03-01").

A project's statistics page is made under a project page (tests/cms/factories.py)."""

import datetime

import factory
from django.db import transaction
from django.utils import timezone

from outcomes.models import ProjectStatisticsPage
from referrals import workflow
from referrals.models import Client, PlanGoal, Referral, Stay
from tests.cms.factories import PageFactory
from tests.partners.factories import OrganisationFactory, ProgrammeFactory

S = workflow.Status


def at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day} 09:00"))


def day_or_none(day: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(day) if day else None


class PastClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    reference = factory.Sequence(lambda n: f"K-T-{n:04d}")
    responsible_organisation = factory.SubFactory(OrganisationFactory)


class PastReferralFactory(factory.django.DjangoModelFactory):
    """A referral the programme's own organisation sent, placed unless told otherwise;
    `submitted=None` leaves it a draft that was never sent."""

    class Meta:
        model = Referral

    class Params:
        submitted = "2025-01-10"
        decided = None

    reference = factory.Sequence(lambda n: f"R-T-{n:04d}")
    programme = factory.SubFactory(ProgrammeFactory)
    sender_organisation = factory.SelfAttribute("programme.organisation")
    client = factory.SubFactory(
        PastClientFactory, responsible_organisation=factory.SelfAttribute("..sender_organisation")
    )
    status = S.PLACED
    submitted_at = factory.LazyAttribute(lambda o: at(o.submitted) if o.submitted else None)
    decided_at = factory.LazyAttribute(lambda o: at(o.decided) if o.decided else None)


class PastStayFactory(factory.django.DjangoModelFactory):
    """A two-year lease from the move-in day; `outcome` closes the referral with it."""

    class Meta:
        model = Stay

    class Params:
        moved_in = "2025-02-01"
        ended = None

    referral = factory.SubFactory(PastReferralFactory)
    programme = factory.SelfAttribute("referral.programme")
    stage = factory.SelfAttribute("referral.programme.stage")
    moved_in_on = factory.LazyAttribute(lambda o: day_or_none(o.moved_in))
    lease_start = factory.SelfAttribute("moved_in_on")
    lease_end = factory.LazyAttribute(lambda o: o.moved_in_on + datetime.timedelta(days=730))
    ended_on = factory.LazyAttribute(lambda o: day_or_none(o.ended))
    outcome = ""

    @classmethod
    def _create(cls, model_class, *, outcome, **kwargs):
        stay = super()._create(model_class, **kwargs)
        if outcome:
            referral = stay.referral
            referral.outcome = outcome
            referral.status = S.CLOSED
            with transaction.atomic():  # receivers of Referral's save may lock rows
                referral.save()
        return stay


class PlanGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanGoal

    stay = factory.SubFactory(PastStayFactory)
    text = factory.Sequence(lambda n: f"Cíl individuálního plánu {n}")
    status = PlanGoal.Status.OPEN


class ProjectStatisticsPageFactory(PageFactory):
    """Statistics under a project page (`parent`); its figures are counted on save."""

    class Meta:
        model = ProjectStatisticsPage

    title = "Statistiky projektu"
    slug = "statistiky"
