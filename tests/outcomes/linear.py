"""Exact linear algebra for the suppression checkers: Gaussian elimination over the
rationals, so a checker can tell which hidden counts the published numbers determine."""


def reduce_rows(rows: list[list], columns: int) -> list[tuple[int, int]]:
    """Bring `rows` (lists of Fractions) to reduced row echelon form in place over their
    first `columns` entries; return the (row, column) of each pivot."""
    pivot_row = 0
    pivots = []
    for col in range(columns):
        found = next((k for k in range(pivot_row, len(rows)) if rows[k][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [value / lead for value in rows[pivot_row]]
        for k in range(len(rows)):
            if k != pivot_row and rows[k][col] != 0:
                factor = rows[k][col]
                rows[k] = [a - factor * b for a, b in zip(rows[k], rows[pivot_row], strict=True)]
        pivots.append((pivot_row, col))
        pivot_row += 1
    return pivots
