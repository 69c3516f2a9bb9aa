"""Small-cell suppression: no count below 5 is shown, and none can be worked out from the
published cells and totals. The checker here is independent of the algorithm: it writes
the table's equations (every row and column adds up to its total) and solves them exactly
for the hidden cells by Gaussian elimination over the rationals."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes.suppression import THRESHOLD, suppress
from tests.outcomes.linear import reduce_rows


def derivable_hidden_cells(published) -> dict:
    """{(i, j): value} for every hidden cell (totals as row r / column c) that the
    published numbers determine exactly."""
    cells = published.cells
    r, c = len(cells), len(cells[0])
    grid = [[*cells[i], published.row_totals[i]] for i in range(r)]
    grid.append([*published.column_totals, published.grand_total])
    unknowns = [(i, j) for i in range(r + 1) for j in range(c + 1) if grid[i][j] is None]
    index = {cell: k for k, cell in enumerate(unknowns)}
    equations = []

    def equation(terms):  # terms: [(coefficient, (i, j))] with sum == 0
        row = [Fraction(0)] * (len(unknowns) + 1)
        for coefficient, cell in terms:
            if cell in index:
                row[index[cell]] += coefficient
            else:
                row[-1] -= coefficient * grid[cell[0]][cell[1]]
        equations.append(row)

    for i in range(r + 1):
        equation([(1, (i, j)) for j in range(c)] + [(-1, (i, c))])
    for j in range(c + 1):
        equation([(1, (i, j)) for i in range(r)] + [(-1, (r, j))])

    pivots = reduce_rows(equations, len(unknowns))
    solved = {}
    for row, col in pivots:
        coefficients = equations[row][:-1]
        if all(value == 0 for k, value in enumerate(coefficients) if k != col):
            solved[unknowns[col]] = equations[row][-1]
    return solved


def extended(cells):
    rows = [[*line, sum(line)] for line in cells]
    return [*rows, [sum(line[j] for line in rows) for j in range(len(rows[0]))]]


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=cols, max_size=cols
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=400, deadline=None)
@given(tables)
def test_published_table_never_reveals_a_small_count(cells):
    published = suppress(cells)
    truth = extended(cells)
    grid = [[*published.cells[i], published.row_totals[i]] for i in range(len(cells))]
    grid.append([*published.column_totals, published.grand_total])
    for i, line in enumerate(grid):
        for j, value in enumerate(line):
            # Shown numbers are true and never small.
            assert value is None or (value == truth[i][j] and value >= THRESHOLD)
    for (i, j), value in derivable_hidden_cells(published).items():
        assert value == truth[i][j]  # the checker itself is right
        assert truth[i][j] >= THRESHOLD, f"hidden small cell {(i, j)} derivable as {value}"


@settings(max_examples=200, deadline=None)
@given(tables)
def test_no_hidden_cell_is_derivable_at_all(cells):
    assert derivable_hidden_cells(suppress(cells)) == {}


def test_single_small_cell_gets_complementary_suppression():
    published = suppress([[10, 3], [20, 30]])
    assert published.cells[0][1] is None
    # Without a second hidden cell in row 0 and column 1, 3 = 13 − 10 would be obvious.
    assert sum(v is None for v in published.cells[0]) + (published.row_totals[0] is None) >= 2
    assert derivable_hidden_cells(published) == {}
    assert published.grand_total == 63


def test_large_counts_are_published_untouched():
    published = suppress([[10, 12], [20, 30]])
    assert published.cells == [[10, 12], [20, 30]]
    assert published.row_totals == [22, 50]
    assert published.column_totals == [30, 42]
    assert published.hidden_count() == 0


def test_bridge_between_two_hidden_blocks_is_protected():
    # Two suppressed 2×2 blocks joined by a single small cell: every line has two hidden
    # cells, yet the cell joining the blocks would be derivable without more suppression.
    cells = [
        [1, 1, 50, 50],
        [1, 1, 50, 50],
        [50, 2, 1, 1],
        [50, 50, 1, 1],
    ]
    published = suppress(cells)
    assert derivable_hidden_cells(published) == {}


@pytest.mark.parametrize("bad", [[], [[]], [[1, 2], [3]], [[-1]]])
def test_malformed_tables_are_refused(bad):
    with pytest.raises(ValueError):
        suppress(bad)
