"""The intake-condition evaluator: one pure function per kind of condition, over the facts
of a client record, answering met / not met / can't tell with a reason in Czech.

Nothing here touches the database: `ClientFacts` is built by the selectors
(selectors.conditions.client_facts), so the same evaluation serves the referral form,
submission, acceptance and the allocation's matching, and it can be tested as a table.
A reason never states an amount of money: the referral page shows it to the receiving
organisation, which may not see the client's finances.
"""

import datetime
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import ConditionKind


class Verdict(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


VERDICT_LABELS = {
    Verdict.MET: gettext_lazy("met according to the record"),
    Verdict.NOT_MET: gettext_lazy("not met according to the record"),
    Verdict.UNKNOWN: gettext_lazy("the record cannot tell"),
}


@dataclass(frozen=True)
class Evaluation:
    verdict: Verdict
    reason: str

    @property
    def label(self) -> str:
        return str(VERDICT_LABELS[self.verdict])


@dataclass(frozen=True)
class Cooperation:
    """A period of work with the client by one organisation (until None: still going)."""

    organisation_id: int | None
    since: datetime.date | None
    until: datetime.date | None = None


@dataclass(frozen=True)
class Member:
    relation: str
    birth_date: datetime.date | None


@dataclass(frozen=True)
class ClientFacts:
    """What the evaluator may read of a client record."""

    birth_date: datetime.date | None = None
    permanent_residence: str = ""
    monthly_income: Decimal | None = None
    monthly_housing_costs: Decimal | None = None
    debt_to_city: Decimal | None = None
    city_repayment_schedule: str = ""
    debt_to_energy_supplier: Decimal | None = None
    household: tuple[Member, ...] = ()
    cooperations: tuple[Cooperation, ...] = field(default_factory=tuple)


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _folded(text: str) -> str:
    """Compare place names without case, accents and spacing around dashes."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " - ").split())


def _no_energy_debt(condition, facts: ClientFacts, today) -> Evaluation:
    debt = facts.debt_to_energy_supplier
    if debt is None:
        return Evaluation(Verdict.UNKNOWN, _("The record does not say whether there is a debt."))
    if debt > 0:
        return Evaluation(Verdict.NOT_MET, _("The record shows a debt to an energy supplier."))
    return Evaluation(Verdict.MET, _("No debt to energy suppliers in the record."))


def _city_debt_scheduled(condition, facts: ClientFacts, today) -> Evaluation:
    debt = facts.debt_to_city
    if debt is None:
        return Evaluation(
            Verdict.UNKNOWN, _("The record does not say whether there is a debt to the city.")
        )
    if debt <= 0:
        return Evaluation(Verdict.MET, _("No debt to the city in the record."))
    if facts.city_repayment_schedule.strip():
        return Evaluation(
            Verdict.MET, _("The debt to the city is repaid by an agreed repayment schedule.")
        )
    return Evaluation(
        Verdict.NOT_MET, _("The record shows a debt to the city without a repayment schedule.")
    )


def _residence(condition, facts: ClientFacts, today) -> Evaluation:
    places = [p.strip() for p in condition.place.split(",") if p.strip()]
    residence = facts.permanent_residence.strip()
    if not residence:
        return Evaluation(Verdict.UNKNOWN, _("The record has no permanent residence."))
    if _folded(residence) in {_folded(p) for p in places}:
        return Evaluation(Verdict.MET, _("Permanent residence: %(place)s.") % {"place": residence})
    return Evaluation(
        Verdict.NOT_MET,
        _("Permanent residence is %(place)s, the programme asks for %(wanted)s.")
        % {"place": residence, "wanted": ", ".join(places)},
    )


def _minor_children(condition, facts: ClientFacts, today) -> Evaluation:
    if not facts.household:
        return Evaluation(Verdict.UNKNOWN, _("The record lists no household members."))
    undated_children = False
    for member in facts.household:
        if member.birth_date is not None:
            if age_on(member.birth_date, today) < 18:
                return Evaluation(Verdict.MET, _("The household has a child under 18."))
        elif member.relation == "child":
            undated_children = True
    if undated_children:
        return Evaluation(
            Verdict.UNKNOWN, _("A child in the household has no date of birth in the record.")
        )
    return Evaluation(Verdict.NOT_MET, _("No member of the household is under 18."))


def _housing_cost_share(condition, facts: ClientFacts, today) -> Evaluation:
    income, costs = facts.monthly_income, facts.monthly_housing_costs
    if income is None or costs is None:
        return Evaluation(
            Verdict.UNKNOWN, _("The record lacks the household's income or housing costs.")
        )
    wanted = condition.share_percent
    if income <= 0:
        met = costs > 0
        share_text = _("the household has no income")
    else:
        share = costs * 100 / income
        met = share > wanted
        share_text = _("%(share)s %% of the income") % {"share": round(share)}
    values = {"share": share_text, "wanted": wanted}
    if met:
        return Evaluation(
            Verdict.MET, _("Housing costs are %(share)s (more than %(wanted)s %%).") % values
        )
    return Evaluation(
        Verdict.NOT_MET, _("Housing costs are %(share)s, not more than %(wanted)s %%.") % values
    )


def _age_range(condition, facts: ClientFacts, today) -> Evaluation:
    if facts.birth_date is None:
        return Evaluation(Verdict.UNKNOWN, _("The record has no date of birth."))
    age = age_on(facts.birth_date, today)
    too_young = condition.min_age is not None and age < condition.min_age
    too_old = condition.max_age is not None and age > condition.max_age
    values = {"age": age}
    if too_young or too_old:
        return Evaluation(Verdict.NOT_MET, _("The client is %(age)s years old.") % values)
    return Evaluation(Verdict.MET, _("The client is %(age)s years old.") % values)


def _months_between(start: datetime.date, end: datetime.date) -> int:
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def _prior_cooperation(condition, facts: ClientFacts, today) -> Evaluation:
    wanted = condition.months
    periods = [
        c
        for c in facts.cooperations
        if c.since is not None
        and (condition.service_id is None or c.organisation_id == condition.service_id)
    ]
    if not periods:
        return Evaluation(Verdict.UNKNOWN, _("The record shows no cooperation with the service."))
    longest = max(_months_between(c.since, min(c.until or today, today)) for c in periods)
    values = {"months": longest, "wanted": wanted}
    if longest >= wanted:
        return Evaluation(
            Verdict.MET, _("Cooperation for %(months)s months (at least %(wanted)s).") % values
        )
    return Evaluation(
        Verdict.NOT_MET,
        _("Cooperation for %(months)s months, the programme asks for %(wanted)s.") % values,
    )


def _free_text(condition, facts: ClientFacts, today) -> Evaluation:
    return Evaluation(Verdict.UNKNOWN, _("The record cannot answer this; the worker does."))


EVALUATORS: dict[str, Callable[..., Evaluation]] = {
    ConditionKind.NO_ENERGY_DEBT: _no_energy_debt,
    ConditionKind.CITY_DEBT_SCHEDULED: _city_debt_scheduled,
    ConditionKind.RESIDENCE: _residence,
    ConditionKind.MINOR_CHILDREN: _minor_children,
    ConditionKind.HOUSING_COST_SHARE: _housing_cost_share,
    ConditionKind.AGE_RANGE: _age_range,
    ConditionKind.PRIOR_COOPERATION: _prior_cooperation,
    ConditionKind.FREE_TEXT: _free_text,
}


def evaluate(condition, facts: ClientFacts, today: datetime.date) -> Evaluation:
    """One condition (an IntakeCriterion or anything with its fields) against the facts."""
    return EVALUATORS.get(condition.kind, _free_text)(condition, facts, today)


def is_answerable(condition) -> bool:
    """Whether the record can answer the kind at all (free text: only the worker)."""
    return condition.kind != ConditionKind.FREE_TEXT


# --- The worker's answer beside the record's -------------------------------------------------

YES, NO, NOT_APPLICABLE = "yes", "no", "na"
# The answer a new row takes from the record (the worker may change it).
RECORD_ANSWERS = {Verdict.MET: YES, Verdict.NOT_MET: NO}


def contradicts(answer: str, verdict: str) -> bool:
    """The worker says met where the record says not met."""
    return answer == YES and verdict == Verdict.NOT_MET


def needs_override(*, required: bool, answer: str, verdict: str) -> bool:
    """A required condition the worker answered "not met", or the record shows as not met
    (the record changed, or the worker disagreed with a reason): acceptance then needs an
    exception by a case reviewer."""
    return required and (answer == NO or verdict == Verdict.NOT_MET)


def names(conditions: Iterable) -> str:
    return ", ".join(f"„{c}“" for c in conditions)
