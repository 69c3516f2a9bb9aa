"""Small-cell suppression of a two-way table of counts with row and column totals.

Primary suppression hides every count below the threshold (zero included), margins and
the grand total too. Secondary (complementary) suppression then hides further cells until
no hidden count can be worked out by subtraction from the published cells and totals.

Why the graph: write the table with its totals as an (r+1) × (c+1) grid and flip the sign
of the totals; every line of the grid then sums to zero. Rows and columns are the nodes of
a bipartite graph and each cell is an edge between its row and its column. The hidden
cells are the unknowns; a set of hidden values can be shifted (+t, −t, …) around any
cycle of hidden edges without changing a published number, and a hidden edge that lies on
no cycle (a bridge of the hidden subgraph) is fixed by the published numbers. So the table
is safe exactly when the hidden edges have no bridge. For every bridge we hide the
cheapest path of published cells that closes a cycle through it (smallest counts first,
totals only when nothing else will do).

Known limit: the protection is against exact derivation by addition and subtraction. An
attacker who also uses the fact that counts are never negative can narrow a hidden cell to
an interval; with many hidden zeros on one cycle that interval can close. Zeros are hidden
like any small count, which keeps such cases rare; an interval (audit) check would be the
next step if the tables grow.
"""

import heapq
from dataclasses import dataclass

THRESHOLD = 5

# Costs steer the choice of complementary cells: inner cells before totals before the
# grand total, small counts before large ones.
_MARGIN_COST = 10**6
_GRAND_TOTAL_COST = 10**9


@dataclass(frozen=True)
class PublishedTable:
    """The table as published: `None` wherever a count is hidden."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None

    def hidden_count(self) -> int:
        grid = [*self.cells, self.column_totals]
        hidden = sum(value is None for line in grid for value in line)
        hidden += sum(value is None for value in self.row_totals)
        return hidden + (self.grand_total is None)

    def as_dict(self) -> dict:
        return {
            "cells": self.cells,
            "row_totals": self.row_totals,
            "column_totals": self.column_totals,
            "grand_total": self.grand_total,
        }


def _extended_grid(cells: list[list[int]]) -> list[list[int]]:
    rows = [[*line, sum(line)] for line in cells]
    column_sums = [sum(line[j] for line in rows) for j in range(len(rows[0]))]
    return [*rows, column_sums]


def _cost(grid: list[list[int]], i: int, j: int) -> int:
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    if i == last_row and j == last_column:
        return _GRAND_TOTAL_COST + grid[i][j]
    if i == last_row or j == last_column:
        return _MARGIN_COST + grid[i][j]
    return 1 + grid[i][j]


def _component(hidden: set[tuple[int, int]], start: tuple[str, int]) -> set[tuple[str, int]]:
    seen = {start}
    stack = [start]
    while stack:
        side, index = stack.pop()
        for i, j in hidden:
            if side == "r" and i == index:
                neighbour = ("c", j)
            elif side == "c" and j == index:
                neighbour = ("r", i)
            else:
                continue
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return seen


def _first_bridge(hidden: set[tuple[int, int]]) -> tuple[int, int] | None:
    for edge in sorted(hidden):
        rest = hidden - {edge}
        if ("c", edge[1]) not in _component(rest, ("r", edge[0])):
            return edge
    return None


def _cheapest_cycle_path(
    grid: list[list[int]], hidden: set[tuple[int, int]], bridge: tuple[int, int]
) -> list[tuple[int, int]]:
    """Published cells whose hiding joins the bridge's row back to its column."""
    rows, columns = len(grid), len(grid[0])
    start, goal = ("r", bridge[0]), ("c", bridge[1])
    distance = {start: 0}
    came_from: dict[tuple[str, int], tuple[tuple[str, int], tuple[int, int]]] = {}
    queue = [(0, start)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == goal:
            break
        if cost > distance.get(node, float("inf")):
            continue
        side, index = node
        neighbours = (
            [(("c", j), (index, j)) for j in range(columns)]
            if side == "r"
            else [(("r", i), (i, index)) for i in range(rows)]
        )
        for neighbour, cell in neighbours:
            if cell == bridge:
                continue
            step = 0 if cell in hidden else _cost(grid, *cell)
            if cost + step < distance.get(neighbour, float("inf")):
                distance[neighbour] = cost + step
                came_from[neighbour] = (node, cell)
                heapq.heappush(queue, (cost + step, neighbour))
    path = []
    node = goal
    while node != start:
        node, cell = came_from[node]
        if cell not in hidden:
            path.append(cell)
    return path


def hidden_cells(
    cells: list[list[int]],
    threshold: int = THRESHOLD,
    forced: set[tuple[int, int]] | frozenset = frozenset(),
) -> set[tuple[int, int]]:
    """Positions to hide in the extended grid (row r and column c are the totals).
    `forced` are positions hidden for a reason outside this table (a cell it shares with
    another table that hides it); they are protected like small counts."""
    grid = _extended_grid(cells)
    hidden = {
        (i, j) for i, line in enumerate(grid) for j, value in enumerate(line) if value < threshold
    } | set(forced)
    while (bridge := _first_bridge(hidden)) is not None:
        hidden.update(_cheapest_cycle_path(grid, hidden, bridge))
    return hidden


def suppress(cells: list[list[int]], threshold: int = THRESHOLD) -> PublishedTable:
    """The table with its totals, every count below `threshold` hidden and every hidden
    count protected against subtraction from the published ones."""
    if not cells or not cells[0]:
        raise ValueError("A table needs at least one row and one column.")
    if any(len(line) != len(cells[0]) for line in cells):
        raise ValueError("All rows need the same number of columns.")
    if any(value < 0 for line in cells for value in line):
        raise ValueError("Counts cannot be negative.")
    grid = _extended_grid(cells)
    hidden = hidden_cells(cells, threshold)
    shown = [
        [None if (i, j) in hidden else value for j, value in enumerate(line)]
        for i, line in enumerate(grid)
    ]
    return PublishedTable(
        cells=[line[:-1] for line in shown[:-1]],
        row_totals=[line[-1] for line in shown[:-1]],
        column_totals=shown[-1][:-1],
        grand_total=shown[-1][-1],
    )
