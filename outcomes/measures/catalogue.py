"""What the outcome figures are: the measures, their labels and definitions, the groupings
and units a table offers, and the rows of a table with the shares derived from its counts.
How they are counted is `outcomes.measures.queries`."""

import datetime
from dataclasses import dataclass, field

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

TENANCY_STAGES = ("socialni", "dostupne", "standardni")
STANDARD_TENANCY_STAGE = "standardni"
RETENTION_MONTHS = (6, 12, 24)


def _with_months(text, months: int) -> str:
    return str(text) % {"n": months}


with_months = lazy(_with_months, str)


class Unit:
    HOUSEHOLDS = "households"
    PERSONS = "persons"
    CHOICES = [(HOUSEHOLDS, _("In households")), (PERSONS, _("In persons"))]


class GroupBy:
    PROGRAMME = "programme"
    STAGE = "stage"
    APPROACH = "approach"
    CHOICES = [
        (PROGRAMME, _("Programme")),
        (STAGE, _("Pathway stage")),
        (APPROACH, _("Approach (Housing First / Housing Ready)")),
    ]


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    kind: str = "count"  # count, share (0–1), days, czk


MEASURES = [
    Measure("received", _("Referrals received")),
    Measure("decided", _("Referrals decided")),
    Measure("accepted", _("Accepted")),
    Measure("declined", _("Declined")),
    Measure("median_days_to_decision", _("Median days to decision"), "days"),
    Measure("placed", _("Placements")),
    Measure("moved_up", _("Moves up")),
    Measure("moved_down", _("Moves down")),
    Measure("moved_level", _("Moves on the same stage")),
    Measure("ended", _("Stays ended")),
    Measure("successful_exit", _("Successful exits")),
    Measure("moved_on", _("Moved on")),
    Measure("dropped_out", _("Moves out: dropped out")),
    Measure("excluded", _("Moves out: excluded")),
    Measure("mean_stay_days", _("Mean length of stay (days)"), "days"),
    Measure("median_stay_days", _("Median length of stay (days)"), "days"),
    Measure("reached_standard", _("Reached a standard tenancy")),
    Measure("reached_standard_share", _("Share reaching a standard tenancy"), "share"),
    *[
        measure
        for months in RETENTION_MONTHS
        for measure in (
            Measure(
                f"cohort_{months}",
                with_months(_("Tenancies old enough for %(n)s months"), months),
            ),
            Measure(f"kept_{months}", with_months(_("Tenancy kept at %(n)s months"), months)),
            Measure(
                f"kept_{months}_share",
                with_months(_("Share keeping the tenancy at %(n)s months"), months),
                "share",
            ),
        )
    ],
    Measure("repayment_stays", _("Stays with a repayment schedule")),
    Measure("repayment_achieved", _("Repayment schedules fulfilled")),
    Measure("repayment_achieved_share", _("Share of repayment schedules fulfilled"), "share"),
    Measure("debt_repaid_czk", _("Debt to the city under fulfilled schedules (CZK)"), "czk"),
]
MEASURE_NAMES = [m.name for m in MEASURES]

DEFINITIONS = [
    _(
        "Received: referrals submitted in the period. Decided: referrals accepted or "
        "declined in the period; the median counts days from submission to the decision."
    ),
    _(
        "Placements: stays that began in the period. A placement that follows an earlier "
        "referral of the same client is a move up, down or on the same stage by the "
        "pathway stages of the two programmes."
    ),
    _(
        "Ended stays: stays that ended in the period, by how the case ended. Dropping out"
        " and exclusion are the moves out. A stay reached a standard tenancy when it "
        "ended with a successful exit or the next placement was a standard tenancy."
    ),
    _(
        "Tenancy kept at 6, 12 or 24 months: of the stays in social, affordable or "
        "standard housing that began in the period and at least that many months before "
        "today, the share where the household still lived there that many months after "
        "moving in, or had left by then with a successful exit or by moving on to another"
        " tenancy. Younger stays are not counted."
    ),
    _(
        "Repayment schedules: stays that began in the period with an individual-plan goal"
        " whose topic is repaying debts, and how many of those goals were achieved."
    ),
]


@dataclass
class OutcomeRow:
    key: object
    label: str
    values: dict = field(default_factory=dict)

    def __getitem__(self, name):
        # Only measure names are keys: Django's templates try `row["label"]` before
        # `row.label`, and a None for every attribute headed the tables "None".
        if name not in MEASURE_NAMES:
            raise KeyError(name)
        return self.values.get(name)

    def cells(self) -> list:
        return [(m, self.values.get(m.name)) for m in MEASURES]


@dataclass
class OutcomeTable:
    group_by: str
    start: datetime.date
    end: datetime.date  # inclusive
    rows: list[OutcomeRow]
    total: OutcomeRow


def _share(part, whole):
    return part / whole if whole else None


def derive(values: dict) -> None:
    """Complete a row's counted values: the shares and means, and 0 for a missing count."""
    values["mean_stay_days"] = _share(values.pop("total_stay_days", None), values.get("ended"))
    values["reached_standard_share"] = _share(values.get("reached_standard"), values.get("ended"))
    for months in RETENTION_MONTHS:
        values[f"kept_{months}_share"] = _share(
            values.get(f"kept_{months}"), values.get(f"cohort_{months}")
        )
    values["repayment_achieved_share"] = _share(
        values.get("repayment_achieved"), values.get("repayment_stays")
    )
    for measure in MEASURES:
        if measure.kind == "count":
            values[measure.name] = values.get(measure.name) or 0
