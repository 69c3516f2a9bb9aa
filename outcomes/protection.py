"""Small-cell protection of the members' outcome table, by the public statistics' rule
(outcomes.suppression): no count below 5 is shown, and no hidden count can be worked out
from the shown ones and the totals.

The table's counts are not independent columns: accepted and declined make the decided,
the moves up, down and level (and the first placements) make the placements, the
outcomes make the ended stays, the tenancies kept and lost make each cohort. Each such
family is a two-way table (groups × parts, with the parent measure as the row total and
the total row as the column totals) and goes through the two-way suppression; a cell two
families share (the ended stays) is hidden in both once either hides it, repeated until
nothing changes. Shares, means and medians are hidden with the counts they come from.

A hidden count below the threshold is shown as "méně než 5"; one hidden only so that a
smaller one cannot be worked out is shown as "×"."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .measures import MEASURE_NAMES, MEASURES, RETENTION_MONTHS, OutcomeTable
from .suppression import THRESHOLD, hidden_cells

SMALL = "small"
COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class Family:
    """Counts that add up: `parts` and an unpublished remainder `rest` make `parent`. A
    family whose parts make the parent by definition (accepted and declined make the
    decided; every ended stay has an outcome) has no remainder: a zero known in advance
    discloses nothing."""

    parent: str
    parts: tuple[str, ...]
    rest: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.parts, self.rest) if self.rest else self.parts


FAMILIES = [
    Family("received", ("received",)),
    Family("decided", ("accepted", "declined")),
    Family("placed", ("moved_up", "moved_down", "moved_level"), "placed:first"),
    Family("ended", ("successful_exit", "moved_on", "dropped_out", "excluded")),
    Family("ended", ("reached_standard",), "ended:not_standard"),
    *[
        Family(f"cohort_{months}", (f"kept_{months}",), f"cohort_{months}:lost")
        for months in RETENTION_MONTHS
    ],
    Family("repayment_stays", ("repayment_achieved",), "repayment_stays:open"),
]
REST = {family.rest: family for family in FAMILIES if family.rest}

# Figures computed from counts: hidden when any count they come from is hidden.
DERIVED = {
    "median_days_to_decision": ("decided",),
    "mean_stay_days": ("ended",),
    "median_stay_days": ("ended",),
    "reached_standard_share": ("reached_standard", "ended"),
    "repayment_achieved_share": ("repayment_achieved", "repayment_stays"),
    "debt_repaid_czk": ("repayment_achieved",),
    **{
        f"kept_{months}_share": (f"kept_{months}", f"cohort_{months}")
        for months in RETENTION_MONTHS
    },
}

HIDDEN_LABELS = {
    SMALL: _("less than 5"),
    COMPLEMENTARY: "×",
}


@dataclass(frozen=True)
class Hidden:
    reason: str

    def __str__(self) -> str:
        return str(HIDDEN_LABELS[self.reason])


def _value(row, name: str) -> int:
    family = REST.get(name)
    if family is not None:
        parent = int(row.values.get(family.parent) or 0)
        return max(0, parent - sum(_value(row, part) for part in family.parts))
    return int(row.values.get(name) or 0)


def hidden_positions(
    table: OutcomeTable,
    threshold: int = THRESHOLD,
    also_small: set[tuple[str, int]] | frozenset = frozenset(),
) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    """(all hidden, hidden as small) counts as (measure, row index); the total row is index
    len(table.rows). `also_small` are cells to treat as small whatever their value (in
    persons, a cell of fewer than 5 households)."""
    lines = [*table.rows, table.total]
    total_index = len(table.rows)
    small = {
        (name, index)
        for family in FAMILIES
        for name in (*family.parts, family.parent)
        for index, row in enumerate(lines)
        if _value(row, name) < threshold
    } | set(also_small)
    hidden = set(small)
    changed = True
    while changed:
        changed = False
        for family in FAMILIES:
            columns = family.columns
            if not table.rows:
                found = {(name, total_index) for name in (*family.parts, family.parent)}
            else:
                cells = [[_value(row, name) for name in columns] for row in table.rows]
                names = [*columns, family.parent]
                forced = {
                    (i, j)
                    for i in range(total_index + 1)
                    for j, name in enumerate(names)
                    if (name, i) in hidden
                }
                found = {(names[j], i) for i, j in hidden_cells(cells, threshold, forced=forced)}
            found = {(name, i) for name, i in found if name not in REST}
            if not found <= hidden:
                hidden |= found
                changed = True
    return hidden, small


@dataclass
class ProtectedRow:
    label: str
    values: dict  # measure name → value, or Hidden

    def __getitem__(self, name):
        # Only measure names are keys: templates try `row["label"]` before `row.label`,
        # and answering None there headed the dashboard's columns "None" (issue 17).
        if name not in MEASURE_NAMES:
            raise KeyError(name)
        value = self.values.get(name)
        return None if isinstance(value, Hidden) else value


@dataclass
class ProtectedTable:
    """The outcome table as members see and export it (the same shape as OutcomeTable)."""

    group_by: str
    start: object
    end: object
    rows: list[ProtectedRow]
    total: ProtectedRow
    hidden: int


def protect(
    table: OutcomeTable,
    threshold: int = THRESHOLD,
    households: OutcomeTable | None = None,
) -> ProtectedTable:
    """Hide what the rule hides. With `households` (the same table counted in households)
    a figure in persons is also hidden where the households are fewer than 5."""
    also_small: set = set()
    if households is not None:
        also_small = hidden_positions(households, threshold)[1]
    hidden, small = hidden_positions(table, threshold, also_small)

    def shown(index: int, row) -> ProtectedRow:
        values = {}
        for measure in MEASURES:
            key = (measure.name, index)
            sources = DERIVED.get(measure.name, ())
            if key in hidden:
                values[measure.name] = Hidden(SMALL if key in small else COMPLEMENTARY)
            elif any((source, index) in hidden for source in sources):
                values[measure.name] = Hidden(COMPLEMENTARY)
            else:
                values[measure.name] = row.values.get(measure.name)
        return ProtectedRow(label=row.label, values=values)

    rows = [shown(index, row) for index, row in enumerate([*table.rows, table.total])]
    count = sum(isinstance(value, Hidden) for row in rows for value in row.values.values())
    return ProtectedTable(
        group_by=table.group_by,
        start=table.start,
        end=table.end,
        rows=rows[:-1],
        total=rows[-1],
        hidden=count,
    )


def protect_counts(counts: list[int], threshold: int = THRESHOLD) -> tuple[list, int | Hidden]:
    """One column of counts and its total (the barriers report's lines) under the same rule
    and with the same markers as the table above: every count below the threshold hidden as
    small, and further counts hidden as complementary until none can be worked out from
    the total. Returns the values (a count or Hidden) and the total."""
    if not counts:
        return [], 0
    hidden = hidden_cells([[count] for count in counts], threshold)
    total_index = len(counts)

    def shown(index: int, value: int):
        if (index, 0) in hidden or (index, 1) in hidden:
            return Hidden(SMALL if value < threshold else COMPLEMENTARY)
        return value

    values = [shown(index, count) for index, count in enumerate(counts)]
    return values, shown(total_index, sum(counts))
