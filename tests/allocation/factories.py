"""Factories of allocation records. Districts and points tables are plain rows; flats,
waiting-list entries and offers go through the allocation services with the member whose
act it is: the housing officer (a case reviewer of the flat's owner) records a flat and
makes an offer, the commission (a case reviewer of the programme's organisation) puts an
accepted referral on the list. Such a member is taken from the organisation or added
(tests.referrals.factories.member)."""

import datetime

import factory

from allocation import services
from allocation.models import District, Flat, Offer, ScoringCriterion, WaitingListEntry
from tests.partners.factories import OrganisationFactory, ProgrammeFactory
from tests.referrals.factories import CASE_REVIEWER, ReferralFactory, S, member


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Obvod {n}")
    city = "Ostrava"


class ScoringCriterionFactory(factory.django.DjangoModelFactory):
    """A line of a programme's points table."""

    class Meta:
        model = ScoringCriterion

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Kritérium {n}")
    points = 5


class FlatFactory(factory.django.DjangoModelFactory):
    """A vacant flat of the programme's organisation, recorded by its housing officer
    (services.flat_create) and supported by another organisation."""

    class Meta:
        model = Flat

    programme = factory.SubFactory(ProgrammeFactory)
    owner = factory.SelfAttribute("programme.organisation")
    officer = factory.LazyAttribute(lambda o: member(o.owner, CASE_REVIEWER))
    address = factory.Sequence(lambda n: f"Horní {n}, Ostrava")
    district = factory.SubFactory(DistrictFactory)
    stage = factory.SelfAttribute("programme.stage")
    rooms = 2
    size_m2 = 48
    max_occupants = 4
    rent = 5200
    support_provider = factory.SubFactory(OrganisationFactory)
    distance_to_school_m = 400
    distance_to_kindergarten_m = 300

    @classmethod
    def _create(cls, model_class, *, officer, owner, **data):
        return services.flat_create(user=officer, owner=owner, **data)


class WaitingListEntryFactory(factory.django.DjangoModelFactory):
    """An accepted referral put on its programme's waiting list by the commission
    (services.entry_create); other keywords are the applicant's preferences."""

    class Meta:
        model = WaitingListEntry

    referral = factory.SubFactory(ReferralFactory, status=S.ACCEPTED)
    commission = factory.LazyAttribute(
        lambda o: member(o.referral.programme.organisation, CASE_REVIEWER)
    )

    @classmethod
    def _create(cls, model_class, *, referral, commission, **preferences):
        return services.entry_create(referral=referral, user=commission, **preferences)


class OfferFactory(factory.django.DjangoModelFactory):
    """A vacant flat of the entry's programme offered by the housing officer
    (services.offer_create) for a lease of half a year from today."""

    class Meta:
        model = Offer

    entry = factory.SubFactory(WaitingListEntryFactory)
    flat = factory.SubFactory(FlatFactory, programme=factory.SelfAttribute("..entry.programme"))
    officer = factory.LazyAttribute(lambda o: member(o.flat.owner, CASE_REVIEWER))
    lease_start = factory.LazyFunction(datetime.date.today)
    lease_end = factory.LazyAttribute(lambda o: o.lease_start + datetime.timedelta(days=180))
    moved_in_on = None
    support_worker = None
    support_provider = None

    @classmethod
    def _create(cls, model_class, *, officer, **kwargs):
        return services.offer_create(user=officer, **kwargs)
