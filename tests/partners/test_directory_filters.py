"""The partner directory's filters: kind, region, pathway stage, target group, words."""

import pytest

from partners.models import Organisation, PathwayStage, Region, TargetGroup
from tests.partners.factories import OrganisationFactory, ProgrammeFactory


def _programme(organisation, stage, *groups, active=True):
    programme = ProgrammeFactory(
        organisation=organisation,
        stage=PathwayStage.objects.get(slug=stage),
        local_stage_name="",
        is_active=active,
    )
    programme.target_groups.set(TargetGroup.objects.filter(slug__in=groups))
    return programme


@pytest.fixture
def directory(db):
    """Five organisations whose programmes cover different stages and target groups."""
    shelter = OrganisationFactory(
        name="Azylový dům Plzeň",
        kind=Organisation.Kind.SHELTER,
        region=Region.PLZENSKY,
        municipality="Plzeň",
    )
    _programme(shelter, "krizove", "domaci-nasili", "rodiny-s-detmi")

    town = OrganisationFactory(
        name="Město Klatovy",
        kind=Organisation.Kind.MUNICIPALITY,
        region=Region.PLZENSKY,
        municipality="Klatovy",
    )
    _programme(town, "treninkove", "rodiny-s-detmi")
    _programme(town, "socialni", "seniori")

    ngo = OrganisationFactory(
        name="Naděje Přerov",
        kind=Organisation.Kind.NGO,
        region=Region.OLOMOUCKY,
        municipality="Přerov",
    )
    _programme(ngo, "treninkove", "domaci-nasili")

    closed = OrganisationFactory(
        name="Ukončený azylový dům",
        kind=Organisation.Kind.SHELTER,
        region=Region.OLOMOUCKY,
        municipality="Olomouc",
    )
    _programme(closed, "krizove", "domaci-nasili", active=False)

    OrganisationFactory(
        name="Plzeňský kraj",
        kind=Organisation.Kind.REGION,
        region=Region.PLZENSKY,
        municipality="Plzeň",
    )
    return True


CASES = {
    # name: (query string, names expected in the result)
    "no_filter": (
        "",
        {
            "Azylový dům Plzeň",
            "Město Klatovy",
            "Naděje Přerov",
            "Ukončený azylový dům",
            "Plzeňský kraj",
        },
    ),
    "kind_shelter": ("kind=shelter", {"Azylový dům Plzeň", "Ukončený azylový dům"}),
    "region_plzensky": ("region=plzensky", {"Azylový dům Plzeň", "Město Klatovy", "Plzeňský kraj"}),
    "kind_and_region": ("kind=shelter&region=olomoucky", {"Ukončený azylový dům"}),
    "stage_ignores_inactive_programmes": ("stage=krizove", {"Azylový dům Plzeň"}),
    "stage_training_housing": ("stage=treninkove", {"Město Klatovy", "Naděje Přerov"}),
    "target_group": ("target_group=domaci-nasili", {"Azylový dům Plzeň", "Naděje Přerov"}),
    # Klatovy has training housing and a programme for seniors, but not training housing
    # for seniors: stage and target group must meet in one programme.
    "stage_and_target_group_in_the_same_programme": (
        "stage=treninkove&target_group=seniori",
        set(),
    ),
    "stage_and_target_group_match": (
        "stage=treninkove&target_group=rodiny-s-detmi",
        {"Město Klatovy"},
    ),
    "words_in_name": ("q=azylov", {"Azylový dům Plzeň", "Ukončený azylový dům"}),
    "words_in_town": ("q=Plze%C5%88", {"Azylový dům Plzeň", "Plzeňský kraj"}),
    "words_and_kind": ("q=Plze%C5%88&kind=region", {"Plzeňský kraj"}),
    "kind_region_stage_target_group": (
        "kind=municipality&region=plzensky&stage=socialni&target_group=seniori",
        {"Město Klatovy"},
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_directory_filter_returns_exactly_the_matching_organisations(case, client, directory):
    query, expected = CASES[case]
    response = client.get(f"/partneri/?{query}")
    assert response.status_code == 200
    shown = [organisation.name for organisation in response.context["organisations"]]
    assert len(shown) == len(set(shown)), "an organisation is listed twice"
    assert set(shown) == expected
    html = response.content.decode()
    for name in expected:
        assert name in html


def test_directory_shows_only_active_programmes_of_an_organisation(client, directory):
    response = client.get("/partneri/?kind=shelter")
    cards = {
        o.name: [p.stage.slug for p in o.programmes.all()]
        for o in response.context["organisations"]
    }
    assert cards == {"Azylový dům Plzeň": ["krizove"], "Ukončený azylový dům": []}


def test_unknown_stage_is_reported_not_silently_ignored(client, directory):
    response = client.get("/partneri/?stage=neexistuje")
    assert response.status_code == 200
    assert response.context["form"].errors["stage"]
    assert 'role="alert"' in response.content.decode()
