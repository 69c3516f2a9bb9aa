"""The small-cell rule on the members' outcome table: no count below 5 is shown, and no
hidden count can be worked out from what is shown, the totals and the identities between
the measures (accepted + declined = decided, the outcomes make the ended stays, kept and
lost make a cohort…). Checked by linear algebra over random tables, independently of how
the suppression chooses its cells."""

import datetime
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes.measures import MEASURES, RETENTION_MONTHS, OutcomeRow, OutcomeTable, derive
from outcomes.protection import COMPLEMENTARY, FAMILIES, SMALL, Hidden, protect
from tests.outcomes.linear import reduce_rows

D = datetime.date
COUNT_NAMES = {m.name for m in MEASURES if m.kind == "count"}


def _row(label, parts: dict) -> OutcomeRow:
    values = dict(parts)
    values["received"] = parts["received"]
    values["decided"] = parts["accepted"] + parts["declined"]
    values["placed"] = (
        parts["moved_up"] + parts["moved_down"] + parts["moved_level"] + parts["first"]
    )
    outcomes = ("successful_exit", "moved_on", "dropped_out", "excluded")
    values["ended"] = sum(parts[name] for name in outcomes)
    values["reached_standard"] = min(parts["reached"], values["ended"])
    for months in RETENTION_MONTHS:
        values[f"cohort_{months}"] = parts[f"kept_{months}"] + parts[f"lost_{months}"]
    values["repayment_stays"] = parts["repayment_achieved"] + parts["repayment_open"]
    values["total_stay_days"] = 100 * values["ended"]
    values["debt_repaid_czk"] = 1000 * parts["repayment_achieved"]
    for name in ("first", "reached", "repayment_open") + tuple(
        f"lost_{m}" for m in RETENTION_MONTHS
    ):
        values.pop(name, None)
    derive(values)
    return OutcomeRow(key=label, label=label, values=values)


PART_NAMES = [
    "received",
    "accepted",
    "declined",
    "moved_up",
    "moved_down",
    "moved_level",
    "first",
    "successful_exit",
    "moved_on",
    "dropped_out",
    "excluded",
    "reached",
    "repayment_achieved",
    "repayment_open",
    *[f"{kind}_{m}" for m in RETENTION_MONTHS for kind in ("kept", "lost")],
]

counts = st.one_of(st.integers(0, 6), st.integers(0, 40))
row_parts = st.fixed_dictionaries(dict.fromkeys(PART_NAMES, counts))


def _table(parts_list) -> OutcomeTable:
    rows = [_row(f"group {i}", parts) for i, parts in enumerate(parts_list)]
    total_parts = {name: sum(parts[name] for parts in parts_list) for name in PART_NAMES}
    total = _row("Total", total_parts)
    return OutcomeTable("programme", D(2025, 1, 1), D(2025, 12, 31), rows, total)


def _identities(table: OutcomeTable):
    """Every linear equation a reader knows: each family's parts and remainder make the
    parent in each line, and every count's groups make its total."""
    lines = [*table.rows, table.total]
    total_index = len(table.rows)
    equations = []  # each a dict {(name, line): coefficient}
    for family in FAMILIES:
        for index in range(len(lines)):
            equation = {(part, index): 1 for part in family.parts}
            if family.rest:
                equation[(family.rest, index)] = 1
            equation[(family.parent, index)] = equation.get((family.parent, index), 0) - 1
            equations.append(equation)
    names = COUNT_NAMES | {family.rest for family in FAMILIES if family.rest}
    for name in names:
        equation = {(name, index): 1 for index in range(total_index)}
        equation[(name, total_index)] = -1
        equations.append(equation)
    return equations


def _determined(unknowns: list, equations: list[dict]) -> set:
    """The unknowns the equations fix, by Gaussian elimination over the rationals: an
    unknown is fixed when a combination of the equations isolates it."""
    index = {u: i for i, u in enumerate(unknowns)}
    rows = []
    for equation in equations:
        row = [Fraction(0)] * len(unknowns)
        for key, coefficient in equation.items():
            if key in index:
                row[index[key]] += coefficient
        if any(row):
            rows.append(row)
    pivots = reduce_rows(rows, len(unknowns))
    fixed = set()
    for r, column in pivots:
        if sum(1 for value in rows[r] if value != 0) == 1:
            fixed.add(unknowns[column])
    return fixed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts_list=st.lists(row_parts, min_size=1, max_size=4))
def test_no_hidden_count_can_be_derived_and_none_below_5_is_shown(parts_list):
    table = _table(parts_list)
    protected = protect(table)
    lines = [*table.rows, table.total]
    shown_lines = [*protected.rows, protected.total]
    unknowns = []
    for index, (line, shown) in enumerate(zip(lines, shown_lines, strict=True)):
        for name in COUNT_NAMES:
            value = shown.values[name]
            if isinstance(value, Hidden):
                unknowns.append((name, index))
            else:
                assert value >= 5, f"{name} = {value} shown in line {index}"
                assert value == line.values[name]
    # The remainders are never shown; they are unknown too unless all their family is shown.
    for family in FAMILIES:
        for index in range(len(lines)):
            if family.rest:
                unknowns.append((family.rest, index))
    known = {
        (name, index): lines[index].values[name]
        for index in range(len(lines))
        for name in COUNT_NAMES
        if (name, index) not in set(unknowns)
    }
    equations = []
    for equation in _identities(table):
        reduced = {key: c for key, c in equation.items() if key not in known}
        if reduced:
            equations.append(reduced)
    fixed = _determined(unknowns, equations)
    hidden_counts = {u for u in unknowns if u[0] in COUNT_NAMES}
    assert not (fixed & hidden_counts), f"derivable: {sorted(fixed & hidden_counts)}"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts_list=st.lists(row_parts, min_size=1, max_size=4))
def test_shares_and_durations_of_hidden_counts_are_hidden(parts_list):
    protected = protect(_table(parts_list))
    for line in [*protected.rows, protected.total]:
        for share, sources in (
            ("reached_standard_share", ("reached_standard", "ended")),
            ("median_stay_days", ("ended",)),
            ("mean_stay_days", ("ended",)),
            ("debt_repaid_czk", ("repayment_achieved",)),
            *[(f"kept_{m}_share", (f"kept_{m}", f"cohort_{m}")) for m in RETENTION_MONTHS],
        ):
            if any(isinstance(line.values[source], Hidden) for source in sources):
                assert isinstance(line.values[share], Hidden)


def test_large_cells_are_shown_and_small_ones_say_less_than_5():
    big = dict.fromkeys(PART_NAMES, 20)
    small = dict(big, declined=3)
    protected = protect(_table([big, small]))
    first, second = protected.rows
    assert first.values["received"] == 20 and second.values["received"] == 20
    assert second.values["declined"] == Hidden(SMALL)
    assert str(second.values["declined"]) in ("less than 5", "méně než 5")
    # One declined count hidden in a column with a total: another goes with it.
    assert first.values["declined"] == Hidden(COMPLEMENTARY)
    assert str(first.values["declined"]) == "×"
