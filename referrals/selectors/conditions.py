"""The facts the condition evaluator reads (referrals.conditions), loaded for one client or
for a page of clients in a fixed number of queries, and the evaluation of a referral's
conditions or of a programme's conditions for many clients (allocation's matching)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from partners.models import ConditionKind, IntakeCriterion

from ..conditions import (
    ClientFacts,
    Cooperation,
    Evaluation,
    Member,
    Verdict,
    evaluate,
    is_answerable,
    needs_override,
)
from ..models import AgencyInvolvement, Client, CriterionAnswer, HouseholdMember, Referral, Stay

FACT_FIELDS = [
    "birth_date",
    "permanent_residence",
    "monthly_income",
    "monthly_housing_costs",
    "debt_to_city",
    "city_repayment_schedule",
    "debt_to_energy_supplier",
]


def client_facts(client_ids: Iterable[int], kinds=None) -> dict[int, ClientFacts]:
    """The facts of these clients, in at most five queries however many there are; only
    the record itself when `kinds` (of the conditions to evaluate) need no household or
    cooperation. The organisation responsible for a case has cooperated with the client
    since it took the case (the record's creation or the hand-over); stays and agencies
    involved add their periods."""
    ids = sorted(set(client_ids))
    if not ids:
        return {}
    kinds = set(ConditionKind.values if kinds is None else kinds)
    rows = Client.objects.filter(pk__in=ids).values(
        "pk", "responsible_organisation_id", "created_at", *FACT_FIELDS
    )
    household = defaultdict(list)
    if ConditionKind.MINOR_CHILDREN in kinds:
        for member in HouseholdMember.objects.filter(client_id__in=ids).values(
            "client_id", "relation", "birth_date"
        ):
            household[member["client_id"]].append(Member(member["relation"], member["birth_date"]))
    periods = defaultdict(list)
    handed_over = {}
    if ConditionKind.PRIOR_COOPERATION in kinds:
        _cooperations(ids, periods, handed_over)
    facts = {}
    for row in rows:
        responsible = row["responsible_organisation_id"]
        since = handed_over.get((row["pk"], responsible)) or timezone.localdate(row["created_at"])
        cooperations = [Cooperation(responsible, since), *periods[row["pk"]]]
        facts[row["pk"]] = ClientFacts(
            **{name: row[name] for name in FACT_FIELDS},
            household=tuple(household[row["pk"]]),
            cooperations=tuple(cooperations),
        )
    return facts


def _cooperations(ids, periods, handed_over) -> None:
    """Agencies involved and stays add periods of cooperation; a hand-over dates the start
    of the responsible organisation's."""
    for involvement in AgencyInvolvement.objects.filter(
        client_id__in=ids, organisation__isnull=False
    ).values("client_id", "organisation_id", "since", "until"):
        periods[involvement["client_id"]].append(
            Cooperation(involvement["organisation_id"], involvement["since"], involvement["until"])
        )
    for stay in Stay.objects.filter(referral__client_id__in=ids).values(
        "referral__client_id", "programme__organisation_id", "moved_in_on", "ended_on"
    ):
        periods[stay["referral__client_id"]].append(
            Cooperation(stay["programme__organisation_id"], stay["moved_in_on"], stay["ended_on"])
        )
    for transfer in (
        Referral.objects.filter(client_id__in=ids, handed_over_at__isnull=False)
        .order_by("handed_over_at")
        .values("client_id", "receiver_organisation_id", "handed_over_at")
    ):
        key = (transfer["client_id"], transfer["receiver_organisation_id"])
        handed_over[key] = timezone.localdate(transfer["handed_over_at"])


@dataclass
class AnswerCheck:
    """A referral's answer to one condition beside what the record says."""

    answer: CriterionAnswer
    evaluation: Evaluation

    @property
    def needs_override(self) -> bool:
        return needs_override(
            required=self.answer.required,
            answer=self.answer.answer,
            verdict=self.evaluation.verdict,
        )


def referral_answer_checks(referral: Referral, today: datetime.date | None = None) -> list:
    """Each answer of the referral with the record's evaluation of its condition now (a
    condition the programme has since deleted, or a free-text one, cannot be told)."""
    today = today or timezone.localdate()
    answers = list(referral.answers.select_related("criterion__service"))
    # Only the facts the answered conditions read: a programme without a children or a
    # prior-cooperation condition needs the record alone, one whose conditions the record
    # cannot answer (free text, or no answers) nothing.
    kinds = {a.criterion.kind for a in answers if a.criterion and is_answerable(a.criterion)}
    facts = ClientFacts()
    if kinds:
        facts = client_facts([referral.client_id], kinds).get(referral.client_id, facts)
    unknown = Evaluation(Verdict.UNKNOWN, "")
    return [
        AnswerCheck(a, evaluate(a.criterion, facts, today) if a.criterion else unknown)
        for a in answers
    ]


def programme_conditions(programme_id: int) -> list[IntakeCriterion]:
    """The required conditions of a programme that a record can answer."""
    return [
        c
        for c in IntakeCriterion.objects.filter(programme_id=programme_id, required=True)
        .select_related("service")
        .order_by("sort_order", "pk")
        if is_answerable(c)
    ]


@dataclass(frozen=True)
class ConditionFailure:
    criterion_id: int
    label: str
    reason: str


def unmet_conditions(
    conditions: list[IntakeCriterion],
    referral_clients: dict[int, int],
    today: datetime.date | None = None,
) -> dict[int, list[ConditionFailure]]:
    """For referrals (id → client id) of the conditions' programme: the required conditions
    the record shows as not met, except those a case reviewer made an exception from when
    accepting the referral. The same evaluator as the referral's own form and decision."""
    if not conditions or not referral_clients:
        return {}
    today = today or timezone.localdate()
    facts = client_facts(referral_clients.values(), kinds={c.kind for c in conditions})
    overridden = set(
        CriterionAnswer.objects.filter(
            referral_id__in=list(referral_clients), overridden_at__isnull=False
        ).values_list("referral_id", "criterion_id")
    )
    result = {}
    for referral_id, client_id in referral_clients.items():
        client = facts.get(client_id, ClientFacts())
        failures = []
        for condition in conditions:
            if (referral_id, condition.pk) in overridden:
                continue
            evaluation = evaluate(condition, client, today)
            if evaluation.verdict == Verdict.NOT_MET:
                failures.append(ConditionFailure(condition.pk, condition.label, evaluation.reason))
        result[referral_id] = failures
    return result
