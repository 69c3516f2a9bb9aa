import factory
from django.contrib.auth import get_user_model

from partners.models import (
    IntakeCriterion,
    Membership,
    Organisation,
    PathwayStage,
    Programme,
    Region,
)

# Staff names come from a fixed list that no test uses for a client: random Czech names
# ("Jana", "Dvořáková") made the tests that look for a client's name on a page flaky.
STAFF_FIRST_NAMES = ["Radim", "Zdeňka", "Bohumil", "Vlasta", "Ctibor", "Miroslava"]
STAFF_LAST_NAMES = ["Kolářík", "Šimková", "Hrubý", "Vojtíšková", "Zeman", "Pospíchalová"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: STAFF_FIRST_NAMES[n % len(STAFF_FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: STAFF_LAST_NAMES[(n // 6) % len(STAFF_LAST_NAMES)])
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("heslo-pro-testy-123")


VALID_ICOS = [
    "00301825",  # Statutární město Přerov
    "00261238",  # Město Kadaň
    "00845451",  # Statutární město Ostrava
    "70883858",  # Centrum sociálních služeb Praha
    "70890366",  # Plzeňský kraj
    "26524970",
    "27005593",
    "25755277",
]


def ico_for(n: int) -> str:
    """A valid IČO for any n: seven digits and their mod-11 check digit."""
    base = f"{(1234567 + n * 7919) % 10_000_000:07d}"
    weighted = sum(int(d) * w for d, w in zip(base, range(8, 1, -1), strict=True))
    check = (11 - weighted % 11) % 10
    return base + str(check)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organizace {n}")
    slug = factory.Sequence(lambda n: f"organizace-{n}")
    kind = Organisation.Kind.NGO
    ico = factory.Sequence(ico_for)
    municipality = "Přerov"
    region = Region.OLOMOUCKY
    is_member = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.SOCIAL_WORKER


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Tréninkové bydlení {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    kind = Programme.Kind.HOUSING
    stage = factory.LazyFunction(lambda: PathwayStage.objects.get(slug="treninkove"))
    local_stage_name = "tréninkové bydlení"
    capacity = 4
    max_stay_months = 24
    # No term per lease unless a test sets one (the seed programmes' terms are tested apart).
    lease_term_months = None
    visit_interval_days = 7
    response_time_days = 14


class IntakeCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntakeCriterion

    programme = factory.SubFactory(ProgrammeFactory)
    text = factory.Sequence(lambda n: f"Podmínka přijetí {n}")
    required = True
