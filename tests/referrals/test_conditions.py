"""Typed intake conditions: the evaluator per kind over records that meet, fail and cannot
answer it (a table, no database), then the rules built on it: the form's answer and why,
submission refused for an unmet required condition, acceptance only with a case reviewer's
exception recorded in the history and shown to the sender, and matching by the same
evaluator."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from partners.models import ConditionKind, IntakeCriterion
from referrals import services, timeline
from referrals.conditions import ClientFacts, Cooperation, Member, Verdict, evaluate
from referrals.errors import ConditionsUnmet
from referrals.models import Client, CriterionAnswer
from tests.partners.factories import IntakeCriterionFactory
from tests.referrals.conftest import S

K = ConditionKind
TODAY = datetime.date(2026, 12, 1)
MET, NOT_MET, UNKNOWN = Verdict.MET, Verdict.NOT_MET, Verdict.UNKNOWN


def condition(kind, **params):
    values = {
        "kind": kind,
        "place": "",
        "min_age": None,
        "max_age": None,
        "share_percent": None,
        "service_id": None,
        "months": None,
    }
    values.update(params)
    return SimpleNamespace(**values)


def years_ago(years: int, days: int = 0) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=days)


CHILD = Member("child", datetime.date(2019, 5, 1))
ADULT = Member("head", datetime.date(1990, 1, 1))
GROWN_CHILD = Member("child", datetime.date(2005, 1, 1))

# kind (with parameters), facts, expected verdict, a word of the Czech reason
TABLE = [
    # no energy debt
    (condition(K.NO_ENERGY_DEBT), {"debt_to_energy_supplier": Decimal(0)}, MET, "Bez dluhu"),
    (
        condition(K.NO_ENERGY_DEBT),
        {"debt_to_energy_supplier": Decimal(6200)},
        NOT_MET,
        "dluh u dodavatele",
    ),
    (condition(K.NO_ENERGY_DEBT), {}, UNKNOWN, "neuvádí"),
    # city debt only with a repayment schedule
    (condition(K.CITY_DEBT_SCHEDULED), {"debt_to_city": Decimal(0)}, MET, "Bez dluhu"),
    (
        condition(K.CITY_DEBT_SCHEDULED),
        {"debt_to_city": Decimal(8000), "city_repayment_schedule": "500 Kč měsíčně"},
        MET,
        "splátkového kalendáře",
    ),
    (
        condition(K.CITY_DEBT_SCHEDULED),
        {"debt_to_city": Decimal(6200), "city_repayment_schedule": "  "},
        NOT_MET,
        "bez splátkového kalendáře",
    ),
    (condition(K.CITY_DEBT_SCHEDULED), {}, UNKNOWN, "neuvádí"),
    # permanent residence (accents, case and a list of places)
    (
        condition(K.RESIDENCE, place="Přerov, Ostrava-Jih"),
        {"permanent_residence": "ostrava-jih"},
        MET,
        "ostrava-jih",
    ),
    (
        condition(K.RESIDENCE, place="Přerov"),
        {"permanent_residence": "Prerov"},
        MET,
        "Prerov",
    ),
    (
        condition(K.RESIDENCE, place="Přerov"),
        {"permanent_residence": "Olomouc"},
        NOT_MET,
        "Olomouc",
    ),
    (condition(K.RESIDENCE, place="Přerov"), {}, UNKNOWN, "trvalé bydliště"),
    # household with minor children
    (condition(K.MINOR_CHILDREN), {"household": (ADULT, CHILD)}, MET, "mladší 18"),
    (condition(K.MINOR_CHILDREN), {"household": (ADULT, GROWN_CHILD)}, NOT_MET, "mladší 18"),
    (condition(K.MINOR_CHILDREN), {"household": (ADULT, Member("child", None))}, UNKNOWN, "dítě"),
    (condition(K.MINOR_CHILDREN), {}, UNKNOWN, "členy domácnosti"),
    # housing costs above a share of income
    (
        condition(K.HOUSING_COST_SHARE, share_percent=40),
        {"monthly_income": Decimal(20000), "monthly_housing_costs": Decimal(9000)},
        MET,
        "45 %",
    ),
    (
        condition(K.HOUSING_COST_SHARE, share_percent=40),
        {"monthly_income": Decimal(20000), "monthly_housing_costs": Decimal(8000)},
        NOT_MET,
        "40 %",
    ),
    (
        condition(K.HOUSING_COST_SHARE, share_percent=40),
        {"monthly_income": Decimal(0), "monthly_housing_costs": Decimal(3000)},
        MET,
        "nemá příjem",
    ),
    (
        condition(K.HOUSING_COST_SHARE, share_percent=40),
        {"monthly_income": Decimal(20000)},
        UNKNOWN,
        "náklady na bydlení",
    ),
    # age range (the birthday counts on the day)
    (condition(K.AGE_RANGE, min_age=18, max_age=26), {"birth_date": years_ago(18)}, MET, "18"),
    (condition(K.AGE_RANGE, min_age=18, max_age=26), {"birth_date": years_ago(27)}, NOT_MET, "27"),
    (
        condition(K.AGE_RANGE, min_age=18, max_age=26),
        {"birth_date": years_ago(18, days=-1)},
        NOT_MET,
        "17",
    ),
    (condition(K.AGE_RANGE, min_age=65), {"birth_date": years_ago(70)}, MET, "70"),
    (condition(K.AGE_RANGE, min_age=18, max_age=26), {}, UNKNOWN, "datum narození"),
    # prior cooperation with a named service for at least N months
    (
        condition(K.PRIOR_COOPERATION, service_id=7, months=6),
        {"cooperations": (Cooperation(7, datetime.date(2026, 3, 1)),)},
        MET,
        "9",
    ),
    (
        condition(K.PRIOR_COOPERATION, service_id=7, months=6),
        {"cooperations": (Cooperation(7, datetime.date(2026, 9, 15)),)},
        NOT_MET,
        "2",
    ),
    (
        condition(K.PRIOR_COOPERATION, service_id=7, months=6),
        {"cooperations": (Cooperation(7, datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)),)},
        NOT_MET,
        "3",
    ),
    (
        condition(K.PRIOR_COOPERATION, service_id=7, months=6),
        {"cooperations": (Cooperation(8, datetime.date(2020, 1, 1)),)},
        UNKNOWN,
        "spolupráci",
    ),
    (
        condition(K.PRIOR_COOPERATION, service_id=None, months=6),
        {"cooperations": (Cooperation(8, datetime.date(2020, 1, 1)),)},
        MET,
        "spolupráce",
    ),
    # free text: only the worker answers
    (condition(K.FREE_TEXT), {"debt_to_city": Decimal(0)}, UNKNOWN, "pracovník"),
]


@pytest.mark.parametrize(("cond", "facts", "verdict", "word"), TABLE)
def test_each_condition_kind_meets_fails_or_cannot_tell(cond, facts, verdict, word):
    with translation.override("cs"):
        evaluation = evaluate(cond, ClientFacts(**facts), TODAY)
        reason = str(evaluation.reason)
    assert evaluation.verdict == verdict
    assert word.casefold() in reason.casefold(), reason


def test_every_kind_has_all_three_outcomes_in_the_table():
    seen = {(cond.kind, verdict) for cond, _facts, verdict, _word in TABLE}
    for kind in K.values:
        expected = {UNKNOWN} if kind == K.FREE_TEXT else {MET, NOT_MET, UNKNOWN}
        assert {v for k, v in seen if k == kind} == expected, kind


def test_no_reason_states_an_amount_of_money():
    with translation.override("cs"):
        for cond, facts, _verdict, _word in TABLE:
            if cond.kind in (K.NO_ENERGY_DEBT, K.CITY_DEBT_SCHEDULED):
                reason = evaluate(cond, ClientFacts(**facts), TODAY).reason
                assert not any(ch.isdigit() for ch in reason), reason


def test_conditions_need_their_parameters():
    checks = [
        (IntakeCriterion(kind=K.FREE_TEXT, text=""), "text"),
        (IntakeCriterion(kind=K.RESIDENCE), "place"),
        (IntakeCriterion(kind=K.HOUSING_COST_SHARE), "share_percent"),
        (IntakeCriterion(kind=K.AGE_RANGE), "min_age"),
        (IntakeCriterion(kind=K.AGE_RANGE, min_age=30, max_age=20), "max_age"),
        (IntakeCriterion(kind=K.PRIOR_COOPERATION), "months"),
    ]
    for criterion, field in checks:
        with pytest.raises(Exception) as raised:
            criterion.clean()
        assert field in raised.value.message_dict


# --- The rules built on the evaluator ---------------------------------------------------------


@pytest.fixture
def energy(programme):
    """A required condition the record answers: no debt to energy suppliers."""
    return IntakeCriterionFactory(
        programme=programme, kind=K.NO_ENERGY_DEBT, text="Žádné dluhy u dodavatele energií (typ)"
    )


def _set_energy_debt(case, amount):
    Client.objects.filter(pk=case.client.pk).update(debt_to_energy_supplier=amount)


def _answer(referral, criterion) -> CriterionAnswer:
    return CriterionAnswer.objects.get(referral=referral, criterion=criterion)


@pytest.mark.django_db
def test_new_answers_take_the_records_verdict_with_its_reason(case, energy):
    _set_energy_debt(case, 6200)
    referral = services.referral_create(
        user=case.sender, client=case.client, programme=case.programme, reason="x"
    )
    answer = _answer(referral, energy)
    assert answer.answer == "no"
    assert answer.system_verdict == NOT_MET
    assert answer.system_reason


@pytest.mark.django_db
def test_worker_cannot_answer_met_against_the_record_without_a_note(case, energy):
    _set_energy_debt(case, 6200)
    referral = case.make(S.DRAFT)  # answers "met" everywhere except where the record objects
    given = {energy.pk: {"answer": "yes", "note": ""}}
    with pytest.raises(ConditionsUnmet) as raised:
        services.referral_update(
            referral=referral, user=case.sender, reason="x", urgency="normal", answers=given
        )
    assert "Žádné dluhy u dodavatele energií (typ)" in raised.value.message
    assert _answer(referral, energy).answer == "no"  # nothing saved
    given[energy.pk]["note"] = "Splátková dohoda s dodavatelem podepsána včera."
    services.referral_update(
        referral=referral, user=case.sender, reason="x", urgency="normal", answers=given
    )
    assert _answer(referral, energy).answer == "yes"


@pytest.mark.django_db
def test_submission_with_an_unmet_required_condition_is_refused_naming_it(case, energy):
    _set_energy_debt(case, 6200)
    referral = case.make(S.DRAFT)
    with translation.override("cs"), pytest.raises(ConditionsUnmet) as raised:
        services.referral_submit(referral=referral, user=case.sender)
    assert "nelze odeslat" in str(raised.value.message)
    assert "„Žádné dluhy u dodavatele energií (typ)“" in str(raised.value.message)
    referral.refresh_from_db()
    assert referral.status == S.DRAFT


@pytest.mark.django_db
def test_submit_view_shows_the_czech_refusal(client, case, energy):
    _set_energy_debt(case, 6200)
    referral = case.make(S.DRAFT)
    client.force_login(case.sender)
    url = reverse("referrals:action", args=[referral.public_id, "submit"])
    response = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="cs")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Žádné dluhy u dodavatele energií (typ)" in page
    referral.refresh_from_db()
    assert referral.status == S.DRAFT


def _disputed(case, energy):
    """Submitted with "met" against the record, with the worker's reason."""
    _set_energy_debt(case, 6200)
    referral = case.make(S.DRAFT)
    services.referral_update(
        referral=referral,
        user=case.sender,
        reason="x",
        urgency="normal",
        answers={energy.pk: {"answer": "yes", "note": "Dohoda o splátkách se podepisuje."}},
    )
    return services.referral_submit(referral=referral, user=case.sender)


@pytest.mark.django_db
def test_acceptance_of_an_unmet_condition_needs_an_exception(case, energy):
    referral = _disputed(case, energy)
    with pytest.raises(ConditionsUnmet):
        services.referral_accept(referral=referral, user=case.reviewer)
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    # the record changed after the submission: the same holds for a referral answered "met"
    services.referral_accept(
        referral=referral,
        user=case.reviewer,
        override_reason="Dohoda s dodavatelem je podepsaná, dluh se splácí.",
    )
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    answer = _answer(referral, energy)
    assert answer.override_reason.startswith("Dohoda s dodavatelem")
    assert answer.overridden_by == case.reviewer and answer.overridden_at is not None
    last = referral.history.order_by("-history_date").first()
    assert last.history_change_reason == "referral.accept_override"
    assert "Dohoda s dodavatelem je podepsaná" in last.status_note


@pytest.mark.django_db
def test_a_condition_that_fails_after_submission_also_needs_the_exception(case, energy):
    referral = case.make(S.SUBMITTED)  # met when submitted
    _set_energy_debt(case, 3000)  # a new debt before the decision
    with pytest.raises(ConditionsUnmet):
        services.referral_accept(referral=referral, user=case.reviewer)


def _answer_updates(captured) -> list[str]:
    return [q["sql"] for q in captured if q["sql"].startswith('UPDATE "referrals_criterionanswer"')]


@pytest.mark.django_db
def test_a_decision_writes_only_the_answers_whose_verdict_changed(case, energy):
    """The submission stored each answer's verdict: accepting with the record unchanged
    writes none of them; a verdict the record changed since is written with its reason."""
    _set_energy_debt(case, 0)
    referral = case.make(S.SUBMITTED)  # met when submitted, with the verdict kept
    assert _answer(referral, energy).system_verdict == Verdict.MET
    with CaptureQueriesContext(connection) as captured:
        services.referral_accept(referral=referral, user=case.reviewer)
    assert _answer_updates(captured.captured_queries) == []
    # a new debt: the reviewer accepts with an exception, and the verdict is written too
    other = case.make(S.SUBMITTED)
    _set_energy_debt(case, 3000)
    with CaptureQueriesContext(connection) as captured:
        services.referral_accept(referral=other, user=case.reviewer, override_reason="Výjimka.")
    assert len(_answer_updates(captured.captured_queries)) == 1
    answer = _answer(other, energy)
    assert answer.system_verdict == Verdict.NOT_MET and answer.system_reason
    assert answer.override_reason == "Výjimka." and answer.overridden_at is not None


@pytest.mark.django_db
def test_sender_sees_the_exception_on_the_timeline(client, case, energy):
    referral = _disputed(case, energy)
    client.force_login(case.reviewer)
    url = reverse("referrals:action", args=[referral.public_id, "accept"])
    data = {"meeting_date": datetime.date.today().isoformat(), "members_present": []}
    page = client.post(url, data).content.decode()
    assert "conditions-unmet" in page  # refused: the form asks for the exception
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    data["override_reason"] = "Výjimka: dluh řeší trojstranná dohoda."
    assert client.post(url, data).status_code == 302
    entries = timeline.timeline_for(case.sender, referral)
    override = [e for e in entries if e.key == "referral.accept_override"]
    assert override and "trojstranná dohoda" in override[0].note
    client.force_login(case.sender)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Výjimka: dluh řeší trojstranná dohoda." in page


@pytest.mark.django_db
def test_only_a_case_reviewer_can_accept_with_an_exception(case, energy):
    referral = _disputed(case, energy)
    for user in (case.receiver_worker, case.sender):
        with pytest.raises(Exception) as raised:
            services.referral_accept(referral=referral, user=user, override_reason="Výjimka.")
        assert not isinstance(raised.value, ConditionsUnmet)
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED


@pytest.mark.django_db
def test_edit_form_shows_the_records_answer_and_why(client, case, energy):
    _set_energy_debt(case, 6200)
    referral = case.make(S.DRAFT)
    client.force_login(case.sender)
    page = client.get(reverse("referrals:edit", args=[referral.public_id])).content.decode()
    answer = _answer(referral, energy)
    block = page.split(f'data-condition="{answer.pk}"')[1].split('class="criterion"')[0]
    assert 'data-verdict="not_met"' in page
    assert "debt to an energy supplier" in block or "dluh u dodavatele energií" in block
