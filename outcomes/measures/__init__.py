"""Outcome figures of the housing pathway, computed in the database with aggregates.

Every figure is a count, a share or a duration over many cases; nothing here returns a
client, a referral or a free text. A handful of grouped queries answer a whole table, so
the cost does not grow with the number of programmes (only the rows do).

Definitions (also shown on the dashboard, see `DEFINITIONS`):

- *received*: referrals submitted in the period; *decided*: referrals accepted or declined
  in the period, with the median days from submission to the decision;
- *placements*: stays that began (move-in) in the period; a placement that follows an
  earlier referral of the same chain is a move *up*, *down* or *level* by the pathway stage
  of the two programmes;
- *ended stays*: stays that ended in the period, by the case's outcome (successful exit,
  moved on, dropped out, excluded — the last two are the moves *out*), with the mean and
  median length in days; *reached standard tenancy*: an ended stay whose outcome is a
  successful exit or whose next placement was on the standard-tenancy stage;
- *tenancy kept at N months*: of the stays in a tenancy (social, affordable or standard
  housing) that began in the period and began at least N months before today, the share
  where the client still lived there N months after move-in, or had left by then with a
  successful exit or by moving on to another tenancy; younger cohorts are not counted;
- *repayment schedules*: stays that began in the period with an individual-plan goal about
  repaying debts (the goal's coded topic, not its text), how many of those goals
  were achieved, and the debt to the city recorded for those clients. Anonymised cases keep
  the goal's topic and status (not its text) and lose the debts.

The package holds what is measured (`catalogue`: measures, labels, groupings, rows and the
shares derived from counts) apart from how it is counted (`queries`); import from here.
"""

from .catalogue import (
    DEFINITIONS,
    MEASURE_NAMES,
    MEASURES,
    RETENTION_MONTHS,
    STANDARD_TENANCY_STAGE,
    TENANCY_STAGES,
    GroupBy,
    Measure,
    OutcomeRow,
    OutcomeTable,
    Unit,
    derive,
    with_months,
)
from .queries import TENANCY, Scope, outcome_table

__all__ = [
    "DEFINITIONS",
    "MEASURE_NAMES",
    "MEASURES",
    "RETENTION_MONTHS",
    "STANDARD_TENANCY_STAGE",
    "TENANCY",
    "TENANCY_STAGES",
    "GroupBy",
    "Measure",
    "OutcomeRow",
    "OutcomeTable",
    "Scope",
    "Unit",
    "derive",
    "outcome_table",
    "with_months",
]
