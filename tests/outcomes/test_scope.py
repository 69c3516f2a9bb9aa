"""What the outcome measures count: training-housing stays that are leases count as
tenancies; figures in households or in persons; filters by town and by target group, so
Housing First and Housing Ready can be compared on one target group in one town."""

import pytest
from django.urls import reverse

from outcomes.measures import GroupBy, Unit, outcome_table
from partners.models import Programme, TargetGroup
from referrals.models import Stay
from tests.outcomes.conftest import TODAY, YEAR_END, YEAR_START

pytestmark = pytest.mark.django_db


def table(**scope):
    return outcome_table(
        start=YEAR_START,
        end=YEAR_END,
        group_by=scope.pop("group_by", GroupBy.PROGRAMME),
        today=TODAY,
        **scope,
    )


def row_of(result, programme):
    return next(row for row in result.rows if row.key == programme.pk)


def test_training_housing_counts_as_a_tenancy_where_it_is_a_lease(dataset):
    hr = dataset.programmes["hr"]  # training housing: s1 moved in 1 Feb 2025
    assert row_of(table(), hr)["cohort_12"] == 0
    Programme.objects.filter(pk=hr.pk).update(stays_are_tenancies=True)
    row = row_of(table(), hr)
    # s1 left on 1 Aug 2025 by moving on to a standard tenancy: kept at 6 months, and at
    # 12 months because it moved on to another tenancy.
    assert (row["cohort_6"], row["kept_6"]) == (1, 1)
    assert (row["cohort_12"], row["kept_12"]) == (1, 1)


def test_figures_in_persons_count_each_household_member(dataset):
    hf = dataset.programmes["hf"]
    s4, s5, s9 = (dataset.stays[name] for name in ("s4", "s5", "s9"))
    Stay.objects.filter(pk=s4.pk).update(persons=4)
    Stay.objects.filter(pk=s5.pk).update(persons=3)
    households = row_of(table(), hf)
    persons = row_of(table(unit=Unit.PERSONS), hf)
    assert households["placed"] == 3
    assert persons["placed"] == 4 + 3 + 1
    # Ended in 2025: s4 and s9, who dropped out (s5 left in 2026): 4 + 1 persons.
    assert (persons["dropped_out"], persons["excluded"]) == (5, 0)
    assert persons["ended"] == 5
    # Referrals stay referrals.
    assert persons["received"] == households["received"]
    assert s9.persons == 1


def test_town_filter_keeps_the_programmes_of_that_town(dataset, orgs):
    receiver = orgs.receiver.organisation
    receiver.municipality = "Kadaň"
    receiver.save()
    result = table(town="Kadaň")
    keys = {row.key for row in result.rows}
    assert keys == {dataset.programmes["hr"].pk, dataset.programmes["std"].pk}
    assert result.total["placed"] == 2


def test_target_group_filter_compares_approaches_on_the_same_group(dataset):
    families = TargetGroup.objects.get(slug="rodiny-s-detmi")
    for name in ("r4", "r9", "r1"):
        dataset.referrals[name].client.target_groups.add(families)
    result = table(group_by=GroupBy.APPROACH, target_group=families)
    rows = {row.key: row for row in result.rows}
    # Housing First: r4 and r9 (moved in 2025); Housing Ready: r1 (and r2, the same client).
    assert rows["housing_first"]["placed"] == 2
    assert rows["housing_ready"]["placed"] == 2
    assert "other" not in rows


def test_the_dashboard_filters_and_hides_persons_of_few_households(client, orgs, dataset):
    dataset.housing_first_cohort()
    big = dataset.stays["s4"]
    Stay.objects.filter(pk=big.pk).update(persons=9)
    client.force_login(orgs.sender.users["org_admin"])
    response = client.get(
        reverse("outcomes:dashboard"),
        {"start": "2025-01-01", "end": "2025-12-31", "group_by": "approach", "unit": "persons"},
    )
    housing_first = response.context["table"].rows[0]  # the approaches in their order
    assert housing_first.label.startswith("Housing First")
    assert housing_first["placed"] == 15 + 9  # 16 households, one of nine persons
    # Dropped out: s4 (9 persons) and s9 (1): 10 persons, but 2 households – hidden.
    assert housing_first["dropped_out"] is None
    assert str(housing_first.values["dropped_out"]) in ("méně než 5", "less than 5")
    towns = [value for value, _label in response.context["form"].fields["town"].choices]
    assert "" in towns
