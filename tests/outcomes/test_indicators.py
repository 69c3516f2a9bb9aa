"""Indicator values computed from casework: a hand-worked year whose every figure is
derived in the comments, and generated casework checked against an independent count."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import IndicatorSource, ProjectIndicator
from outcomes.indicators import achieved_values, project_scope
from outcomes.models import IndicatorValue
from referrals.models import Referral
from tests.outcomes.casework import Builder, CaseSpec, generate
from tests.partners.factories import ProgrammeFactory

D = datetime.date
SUPPORTED = {"accepted", "placed", "closed"}
COMPUTED = [s for s in IndicatorSource.values if s != IndicatorSource.MANUAL]


@pytest.fixture
def programmes(orgs):
    receiver, third = orgs.receiver.organisation, orgs.third.organisation
    return {
        "housing": ProgrammeFactory(organisation=receiver, name="Sociální byty", kind="housing"),
        "advice": ProgrammeFactory(organisation=receiver, name="Poradna", kind="counselling"),
        "outside": ProgrammeFactory(organisation=third, name="Jiný projekt", kind="housing"),
    }


@pytest.fixture
def indicators(project, programmes):
    project.programmes.set([programmes["housing"], programmes["advice"]])
    project.save_revision().publish()  # the page's relations reach the database on publish
    made = {
        source: ProjectIndicator.objects.create(
            page=project, code=f"K{n}", name=source, unit="osoby", target=10, source=source
        )
        for n, source in enumerate(IndicatorSource.values)
    }
    return made


def values(project, indicators, start, end) -> dict[str, tuple[Decimal, Decimal]]:
    found = achieved_values(project, list(indicators.values()), start=start, end=end)
    return {
        source: (found[i.pk].in_period, found[i.pk].cumulative) for source, i in indicators.items()
    }


HAND_WORKED = [
    # A: four people, two under 15 on move-in (born 2012 is 12; born 2009 is 16): 4, 3 over 15
    CaseSpec(
        "A",
        "housing",
        decided=D(2025, 2, 20),
        moved_in=D(2025, 3, 1),
        born=D(1990, 5, 5),
        members=[
            ("head", None),
            ("partner", D(1992, 1, 1)),
            ("child", D(2012, 4, 4)),
            ("child", D(2009, 2, 2)),
        ],
        flat="X",
    ),
    # B: counselling without a stay, accepted in May; a flat at risk: prevention, not housed
    CaseSpec("B", "advice", status="accepted", decided=D(2025, 5, 10), at_risk=True),
    # C: housed since 2024 and still there: enters on the project's start, not "housed"
    CaseSpec(
        "C",
        "housing",
        decided=D(2024, 5, 20),
        moved_in=D(2024, 6, 1),
        members=[("child", D(2020, 1, 1))],
        flat="Y",
    ),
    # D: left before the project began: nowhere
    CaseSpec(
        "D",
        "housing",
        status="closed",
        decided=D(2023, 1, 1),
        moved_in=D(2023, 2, 1),
        stay_ended=D(2024, 12, 1),
    ),
    # E: declined, F: another project's programme, H: not decided yet: nowhere
    CaseSpec("E", "housing", status="declined", decided=D(2025, 2, 1)),
    CaseSpec("F", "outside", decided=D(2025, 2, 1), moved_in=D(2025, 2, 2), flat="Z"),
    CaseSpec("H", "housing", status="submitted"),
    # G: moved in February, transferred to counselling in July: one person, once
    CaseSpec(
        "G",
        "housing",
        status="closed",
        decided=D(2025, 1, 25),
        moved_in=D(2025, 2, 1),
        stay_ended=D(2025, 6, 30),
    ),
    CaseSpec("G", "advice", decided=D(2025, 6, 25), moved_in=D(2025, 7, 1)),
]


def test_hand_worked_quarters(orgs, project, programmes, indicators):
    builder = Builder(programmes, orgs.receiver.organisation)
    for spec in HAND_WORKED:
        builder.add(spec)
    manual = indicators[IndicatorSource.MANUAL]
    IndicatorValue.objects.create(
        indicator=manual, period_start=D(2025, 1, 1), period_end=D(2025, 3, 31), value=2
    )
    IndicatorValue.objects.create(
        indicator=manual, period_start=D(2025, 4, 1), period_end=D(2025, 6, 30), value=3
    )
    q1 = values(project, indicators, D(2025, 1, 1), D(2025, 3, 31))
    assert q1 == {
        "persons_supported": (7, 7),  # A 4 + C 2 + G 1
        "persons_over_15": (5, 5),  # A 3 + C 1 + G 1
        "households_housed": (2, 2),  # A (March), G (February); C moved in before
        "flats_obtained": (1, 1),  # X; Y was first let in 2024, Z is not the project's
        "prevention_clients": (0, 0),
        "manual": (2, 2),
    }
    q2 = values(project, indicators, D(2025, 4, 1), D(2025, 6, 30))
    assert q2 == {
        "persons_supported": (1, 8),  # B
        "persons_over_15": (1, 6),
        "households_housed": (0, 2),
        "flats_obtained": (0, 1),
        "prevention_clients": (1, 1),
        "manual": (3, 5),
    }


def test_project_without_chosen_programmes_takes_its_organisations(project, programmes):
    scope = project_scope(project)
    assert set(scope.programme_ids) == {p.pk for p in programmes.values()}
    assert scope.start == project.period_start


def _age(born: D, day: D) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def expected(specs, in_project, project_start, start, end) -> dict[str, tuple[int, int]]:
    """The indicators worked out from the descriptions alone (the docstring of
    outcomes.indicators, read plainly)."""
    household = {}
    for spec in specs:
        household.setdefault(spec.client, spec)
    entries, move_ins = {}, {}
    for spec in specs:
        if spec.programme not in in_project or spec.status not in SUPPORTED or not spec.decided:
            continue
        ended = spec.stay_ended if spec.moved_in else spec.case_ended
        if ended and ended < project_start:
            continue
        entry = max(spec.moved_in or spec.decided, project_start)
        entries[spec.client] = min(entries.get(spec.client, entry), entry)
        if spec.moved_in and spec.moved_in >= project_start:
            move_ins[spec.client] = min(move_ins.get(spec.client, spec.moved_in), spec.moved_in)

    def people(client):
        spec = household[client]
        return [(spec.born, False)] + [
            (born, relation == "child") for relation, born in spec.members if relation != "head"
        ]

    counts = {
        "persons_supported": [(day, len(people(c))) for c, day in entries.items()],
        "persons_over_15": [
            (
                day,
                sum(
                    1 for born, child in people(c) if (_age(born, day) >= 15 if born else not child)
                ),
            )
            for c, day in entries.items()
        ],
        "households_housed": [(day, 1) for day in move_ins.values()],
        "prevention_clients": [(day, 1) for c, day in entries.items() if household[c].at_risk],
    }
    flat_programme, first_let = {}, {}
    for spec in specs:
        if spec.flat and spec.moved_in:
            flat_programme.setdefault(spec.flat, spec.programme)
            first_let[spec.flat] = min(first_let.get(spec.flat, spec.moved_in), spec.moved_in)
    counts["flats_obtained"] = [
        (day, 1)
        for flat, day in first_let.items()
        if flat_programme[flat] in in_project and day >= project_start
    ]
    return {
        source: (
            sum(n for day, n in pairs if start <= day <= end),
            sum(n for day, n in pairs if project_start <= day <= end),
        )
        for source, pairs in counts.items()
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_casework_matches_an_independent_count(
    orgs, project, programmes, indicators, seed, django_assert_max_num_queries
):
    specs = generate(seed, list(programmes), n=45)
    builder = Builder(programmes, orgs.receiver.organisation)
    for spec in specs:
        builder.add(spec)
    computed = {k: v for k, v in indicators.items() if k in COMPUTED}
    in_project = {"housing", "advice"}
    for start, end in [
        (D(2025, 1, 1), D(2025, 6, 30)),
        (D(2025, 7, 1), D(2025, 12, 31)),
        (D(2025, 1, 1), D(2025, 12, 31)),
    ]:
        with django_assert_max_num_queries(8):
            found = values(project, computed, start, end)
        assert found == expected(specs, in_project, project.period_start, start, end), (
            seed,
            start,
        )
    # Consecutive periods add up to the cumulative value.
    h1 = values(project, computed, D(2025, 1, 1), D(2025, 6, 30))
    h2 = values(project, computed, D(2025, 7, 1), D(2025, 12, 31))
    for source in COMPUTED:
        assert h1[source][0] + h2[source][0] == h2[source][1]


def _rows_read(queries) -> int:
    """The rows the captured SELECTs returned, counted by running each again."""
    rows = 0
    with connection.cursor() as cursor:
        for query in queries:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                cursor.execute(query["sql"])
                rows += len(cursor.fetchall())
    return rows


def test_the_cost_does_not_grow_with_the_casework(
    orgs, project, programmes, indicators, django_assert_max_num_queries
):
    """The database counts: the same queries and the same few rows for 8 cases as for 80
    (the report page and its files ask for every indicator at once)."""
    builder = Builder(programmes, orgs.receiver.organisation)
    IndicatorValue.objects.create(
        indicator=indicators[IndicatorSource.MANUAL],
        period_start=D(2025, 1, 1),
        period_end=D(2025, 3, 31),
        value=2,
    )
    measured = []
    for seed, n in ((11, 8), (12, 72)):
        for spec in generate(seed, list(programmes), n=n):
            builder.add(dataclasses.replace(spec, client=f"{seed}-{spec.client}"))
        with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(5):
            found = values(project, indicators, D(2025, 1, 1), D(2025, 12, 31))
        measured.append((len(queries), _rows_read(queries)))
        assert found["persons_supported"][1] > 0
    assert Referral.objects.count() == 80
    assert measured[0] == measured[1]
    assert measured[1][1] <= 8  # the project's programmes and one row of totals a query
