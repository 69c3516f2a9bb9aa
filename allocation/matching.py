"""Matching applicants to a vacant flat, in the database.

Every rule of the flat is one boolean annotation on the waiting-list query and one line of
explanation, so a housing officer sees for each applicant why they fit or not, and the
ranking of hundreds of applicants costs one query. Hard rules decide whether an applicant is
suitable; soft rules (a preference for a school or a kindergarten nearby) are shown, not
enforced. The programme's intake conditions (debts, residence, ...) are the referral
module's: the rows the query returns are checked by the same evaluator that the referral's
form, submission and acceptance use (referrals.selectors.unmet_conditions), a page at a
time, so the cost grows with the page, not with the list.
"""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from referrals import selectors as referral_selectors

from .models import EntryStatus, Flat, WaitingListEntry

# A school or kindergarten within this distance counts as “near”.
NEAR_METRES = 1000

# entry_create always sets submitted_at, so no NULLs take part in the ranking.
RANK_ORDER = [F("score").desc(), F("waiting_since").asc(), F("submitted_at").asc(), F("pk").asc()]


@dataclass(frozen=True)
class Rule:
    key: str
    hard: bool
    fit: str
    not_fit: str


RULES = (
    Rule(
        "household",
        True,
        _("The household fits the flat's capacity."),
        _("The household is larger than the flat allows."),
    ),
    Rule(
        "rooms",
        True,
        _("The flat has the number of rooms the applicant needs."),
        _("The flat has fewer rooms than the applicant needs."),
    ),
    Rule(
        "stage",
        True,
        _("The applicant waits for this type of housing."),
        _("The applicant waits for a different type of housing."),
    ),
    Rule(
        "district",
        True,
        _("The district is among the applicant's preferences."),
        _("The applicant does not want to live in this district."),
    ),
    Rule(
        "accessible",
        True,
        _("Accessibility needs are met."),
        _("The applicant needs a barrier-free flat and this one is not."),
    ),
    Rule(
        "school",
        False,
        _("School nearby, or not required."),
        _("The applicant wants a school nearby; this flat is further away."),
    ),
    Rule(
        "kindergarten",
        False,
        _("Kindergarten nearby, or not required."),
        _("The applicant wants a kindergarten nearby; this flat is further away."),
    ),
)
HARD_KEYS = [rule.key for rule in RULES if rule.hard]


@dataclass
class Check:
    key: str
    ok: bool
    hard: bool
    text: str


@dataclass
class Match:
    entry_id: int
    public_id: object
    referral_id: int
    reference: str
    rank: int
    score: int
    household_size: int
    suitable: bool
    checks: list[Check]

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


def _bool(condition) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _always() -> Value:
    return Value(True, output_field=BooleanField())


def _is_near(distance: int | None) -> bool:
    return distance is not None and distance <= NEAR_METRES


def rule_annotations(flat: Flat) -> dict:
    prefs = WaitingListEntry.preferred_districts.through.objects.filter(
        waitinglistentry_id=OuterRef("pk")
    )
    return {
        "fit_household": _bool(Q(household_size__lte=flat.max_occupants)),
        "fit_rooms": _bool(Q(min_rooms__lte=flat.rooms)),
        "fit_stage": _bool(Q(stage_id=flat.stage_id)),
        "fit_district": Case(
            When(Exists(prefs.filter(district_id=flat.district_id)), then=Value(True)),
            When(Exists(prefs), then=Value(False)),
            default=Value(True),
            output_field=BooleanField(),
        ),
        "fit_accessible": _always() if flat.is_accessible else _bool(Q(needs_accessible=False)),
        "fit_school": _always()
        if _is_near(flat.distance_to_school_m)
        else _bool(Q(near_school=False)),
        "fit_kindergarten": _always()
        if _is_near(flat.distance_to_kindergarten_m)
        else _bool(Q(near_kindergarten=False)),
    }


def ahead_of(score, waiting_since, submitted_at, pk) -> Q:
    """Entries ranked before one with these values (plain values or OuterRefs): the
    ranking order as a condition, so a rank is a count over the rank index."""
    return (
        Q(score__gt=score)
        | Q(score=score, waiting_since__lt=waiting_since)
        | Q(score=score, waiting_since=waiting_since, submitted_at__lt=submitted_at)
        | Q(score=score, waiting_since=waiting_since, submitted_at=submitted_at, pk__lt=pk)
    )


def rank_expression():
    """1 + the number of waiting entries of the same programme ranked before this one,
    evaluated only for the rows a query returns."""
    ahead = (
        WaitingListEntry.objects.filter(
            programme_id=OuterRef("programme_id"), status=EntryStatus.WAITING
        )
        .filter(
            ahead_of(
                OuterRef("score"),
                OuterRef("waiting_since"),
                OuterRef("submitted_at"),
                OuterRef("pk"),
            )
        )
        .order_by()
        .values("programme_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1


def _suitable_condition() -> Q:
    condition = Q()
    for key in HARD_KEYS:
        condition &= Q(**{f"fit_{key}": True})
    return condition


def matches_query(flat: Flat, entries, *, suitable: bool):
    """Waiting entries of the flat's programme that fit (or do not fit) every hard rule,
    in ranking order, with a boolean per rule and their rank on the whole list."""
    annotated = entries.filter(programme_id=flat.programme_id, status=EntryStatus.WAITING).annotate(
        **rule_annotations(flat)
    )
    condition = _suitable_condition()
    annotated = annotated.filter(condition) if suitable else annotated.exclude(condition)
    return annotated.annotate(rank=rank_expression()).order_by(*RANK_ORDER)


CONDITIONS_KEY = "conditions"
CONDITIONS_MET = _("The programme's intake conditions are met according to the client record.")


def _condition_checks(conditions, failures) -> list[Check]:
    if not conditions:
        return []
    if not failures:
        return [Check(CONDITIONS_KEY, True, True, CONDITIONS_MET)]
    return [
        Check(
            CONDITIONS_KEY,
            False,
            True,
            _("Condition “%(condition)s” not met: %(reason)s")
            % {"condition": failure.label, "reason": failure.reason},
        )
        for failure in failures
    ]


def explain(row: dict, failures=(), conditions=()) -> tuple[bool, list[Check]]:
    checks = []
    for rule in RULES:
        ok = bool(row[f"fit_{rule.key}"])
        checks.append(Check(rule.key, ok, rule.hard, rule.fit if ok else rule.not_fit))
    checks += _condition_checks(conditions, failures)
    return all(c.ok for c in checks if c.hard), checks


FIELDS = [
    "pk",
    "public_id",
    "referral_id",
    "referral__client_id",
    "referral__reference",
    "rank",
    "score",
    "household_size",
    *[f"fit_{rule.key}" for rule in RULES],
]


def _failures(conditions, rows) -> dict:
    return referral_selectors.unmet_conditions(
        conditions, {row["referral_id"]: row["referral__client_id"] for row in rows}
    )


def _match(row, conditions, failures) -> Match:
    suitable, checks = explain(row, failures.get(row["referral_id"], ()), conditions)
    return Match(
        entry_id=row["pk"],
        public_id=row["public_id"],
        referral_id=row["referral_id"],
        reference=row["referral__reference"],
        rank=row["rank"],
        score=row["score"],
        household_size=row["household_size"],
        suitable=suitable,
        checks=checks,
    )


def match_flat(flat: Flat, entries, limit: int | None = 50) -> list[Match]:
    """The ranked applicants for a flat, suitable ones first, explained rule by rule. The
    flat's rules select a page of applicants in one query; the programme's conditions are
    then checked for that page, and an applicant who fails one joins the unsuitable ones
    (a further page is read only while the suitable ones do not fill the limit)."""
    conditions = referral_selectors.programme_conditions(flat.programme_id)
    fitting = matches_query(flat, entries, suitable=True).values(*FIELDS)
    suitable, failing = [], []
    offset = 0
    while True:
        page = list(fitting[offset : None if limit is None else offset + limit])
        failures = _failures(conditions, page)
        for row in page:
            match = _match(row, conditions, failures)
            (suitable if match.suitable else failing).append(match)
        offset += len(page)
        if limit is None or len(page) < limit or len(suitable) >= limit:
            break
    result = suitable[:limit]
    if limit is None or len(result) < limit:
        rest = matches_query(flat, entries, suitable=False).values(*FIELDS)
        rest = list(rest[: None if limit is None else limit - len(result)])
        failures = _failures(conditions, rest)
        failing += [_match(row, conditions, failures) for row in rest]
        failing.sort(key=lambda m: m.rank)
        result += failing[: None if limit is None else limit - len(result)]
    return result


def check_entry(flat: Flat, entry: WaitingListEntry) -> tuple[bool, list[Check]]:
    """The same rules and conditions for one applicant (used when an offer is made)."""
    row = (
        WaitingListEntry.objects.filter(pk=entry.pk)
        .annotate(**rule_annotations(flat))
        .values("referral_id", "referral__client_id", *[f"fit_{rule.key}" for rule in RULES])
        .get()
    )
    conditions = referral_selectors.programme_conditions(flat.programme_id)
    failures = _failures(conditions, [row])
    return explain(row, failures.get(row["referral_id"], ()), conditions)


def suitable_ahead_of(flat: Flat, entry: WaitingListEntry) -> int:
    """How many applicants ranked above `entry` on the list would fit the flat (its rules
    and the programme's conditions): offering it to `entry` skips them."""
    rows = list(
        WaitingListEntry.objects.filter(programme_id=flat.programme_id, status=EntryStatus.WAITING)
        .exclude(pk=entry.pk)
        .filter(ahead_of(entry.score, entry.waiting_since, entry.submitted_at, entry.pk))
        .annotate(**rule_annotations(flat))
        .filter(_suitable_condition())
        .values("referral_id", "referral__client_id")
    )
    conditions = referral_selectors.programme_conditions(flat.programme_id)
    failures = _failures(conditions, rows)
    return sum(1 for row in rows if not failures.get(row["referral_id"]))
