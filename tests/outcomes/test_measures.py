"""Every outcome measure on the hand-built year of tests/outcomes/conftest.py, worked out
by hand in the comments."""

import pytest

from outcomes.measures import GroupBy, outcome_table
from tests.outcomes.conftest import TODAY, YEAR_END, YEAR_START

pytestmark = pytest.mark.django_db


def table(group_by=GroupBy.PROGRAMME):
    return outcome_table(start=YEAR_START, end=YEAR_END, group_by=group_by, today=TODAY)


def by_key(result):
    return {row.key: row for row in result.rows}


def test_referrals_received_and_decided_per_programme(dataset):
    p = dataset.programmes
    rows = by_key(table())
    # Submitted in 2025: r1, r3 (HR); r2 (standard); r5, r7, r9 (HF); r6 (crisis).
    assert {k: rows[k]["received"] for k in rows} == {
        p["hr"].pk: 2,
        p["std"].pk: 1,
        p["hf"].pk: 3,
        p["crisis"].pk: 1,
    }
    # Decided in 2025: r1 10 d, r3 14 d (declined); r2 4 d; r4 13 d, r5 2 d, r9 20 d; r6 1 d.
    hr = rows[p["hr"].pk]
    assert (hr["decided"], hr["accepted"], hr["declined"]) == (2, 1, 1)
    assert hr["median_days_to_decision"] == pytest.approx(12.0)
    hf = rows[p["hf"].pk]
    assert (hf["decided"], hf["accepted"], hf["declined"]) == (3, 3, 0)
    assert hf["median_days_to_decision"] == pytest.approx(13.0)


def test_total_row_is_computed_over_everything_not_summed_medians(dataset):
    total = table().total
    assert total["received"] == 7  # r8 (2024) and the draft are out
    assert total["decided"] == 7
    assert total["declined"] == 1
    # [1, 2, 4, 10, 13, 14, 20] → 10
    assert total["median_days_to_decision"] == pytest.approx(10.0)


def test_placements_and_moves_up_and_down(dataset):
    p = dataset.programmes
    rows = by_key(table())
    # Moved in during 2025: s1 (HR), s2 (standard), s4, s5, s9 (HF), s6 (crisis); s8 was 2024.
    assert {k: rows[k]["placed"] for k in rows} == {
        p["hr"].pk: 1,
        p["std"].pk: 1,
        p["hf"].pk: 3,
        p["crisis"].pk: 1,
    }
    assert rows[p["std"].pk]["moved_up"] == 1  # training (30) → standard (60)
    assert rows[p["crisis"].pk]["moved_down"] == 1  # social (40) → crisis (10)
    total = table().total
    assert (total["moved_up"], total["moved_down"], total["moved_level"]) == (1, 1, 0)


def test_ended_stays_length_and_moves_out(dataset):
    p = dataset.programmes
    rows = by_key(table())
    # Ended in 2025: s1 moved on after 181 days; s4 dropped out after 120, s9 after 181.
    hr = rows[p["hr"].pk]
    assert (hr["ended"], hr["moved_on"], hr["mean_stay_days"]) == (1, 1, pytest.approx(181))
    hf = rows[p["hf"].pk]
    assert (hf["ended"], hf["dropped_out"], hf["excluded"]) == (2, 2, 0)
    assert hf["mean_stay_days"] == pytest.approx(150.5)
    assert hf["median_stay_days"] == pytest.approx(150.5)
    total = table().total
    assert total["ended"] == 3
    assert total["mean_stay_days"] == pytest.approx((181 + 120 + 181) / 3)
    assert total["median_stay_days"] == pytest.approx(181)
    # s5 was excluded in January 2026: not a 2025 move out.
    assert total["excluded"] == 0


def test_share_reaching_standard_tenancy(dataset):
    p = dataset.programmes
    rows = by_key(table())
    # s1 moved on and the next placement (s2) is a standard tenancy.
    assert rows[p["hr"].pk]["reached_standard"] == 1
    assert rows[p["hr"].pk]["reached_standard_share"] == pytest.approx(1.0)
    assert rows[p["hf"].pk]["reached_standard_share"] == pytest.approx(0.0)
    assert table().total["reached_standard_share"] == pytest.approx(1 / 3)


def test_tenancy_kept_at_6_12_24_months(dataset):
    p = dataset.programmes
    hf = by_key(table())[p["hf"].pk]
    # Tenancies of HF moved in 2025-01-15 (s4), 2025-03-01 (s5), 2025-01-31 (s9); today
    # 2026-06-30, so all are old enough for 6 and 12 months and none for 24.
    assert (hf["cohort_6"], hf["cohort_12"], hf["cohort_24"]) == (3, 3, 0)
    # 6 months: s5 lived there until 2026-01-10; s9 left on 2025-07-31, exactly six
    # months after moving in (still counts); s4 dropped out after four months.
    assert hf["kept_6"] == 2
    assert hf["kept_6_share"] == pytest.approx(2 / 3)
    # 12 months: nobody (s5 excluded after ten months).
    assert hf["kept_12"] == 0
    assert hf["kept_24_share"] is None
    std = by_key(table())[p["std"].pk]
    # s2 moved in 2025-08-01: old enough for 6 months only, still living there.
    assert (std["cohort_6"], std["kept_6"], std["cohort_12"]) == (1, 1, 0)
    # Training and crisis housing are no tenancies.
    assert by_key(table())[p["hr"].pk]["cohort_6"] == 0


def test_repayment_schedules_fulfilled(dataset):
    hf = by_key(table())[dataset.programmes["hf"].pk]
    # s4's schedule achieved (debt 12 000), s5's in progress; s5's school goal is no
    # repayment; s8 (2024) is out of the period.
    assert (hf["repayment_stays"], hf["repayment_achieved"]) == (2, 1)
    assert hf["repayment_achieved_share"] == pytest.approx(0.5)
    assert hf["debt_repaid_czk"] == 12000


def test_cohorts_compared_by_approach(dataset):
    rows = by_key(table(GroupBy.APPROACH))
    assert [row.key for row in table(GroupBy.APPROACH).rows] == [
        "housing_first",
        "housing_ready",
        "other",
    ]
    hf, hr = rows["housing_first"], rows["housing_ready"]
    assert (hf["placed"], hf["kept_6"], hf["cohort_6"]) == (3, 2, 3)
    assert (hr["placed"], hr["kept_6"], hr["cohort_6"]) == (2, 1, 1)
    assert hr["received"] == 3
    assert rows["other"]["moved_down"] == 1


def test_grouping_by_stage_orders_the_pathway(dataset):
    result = table(GroupBy.STAGE)
    assert [row.label for row in result.rows] == [
        "Krizové bydlení",
        "Vstupní / tréninkové bydlení",
        "Sociální bydlení",
        "Standardní nájem",
    ]


def test_query_count_does_not_grow_with_programmes(dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        table()
