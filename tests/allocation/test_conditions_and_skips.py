"""Matching reads the programme's intake conditions through the referral module's evaluator
(the same function the referral's form and decision use), and an offer past suitable
applicants ranked higher needs a coded reason."""

import datetime

import pytest

from allocation import selectors, services
from allocation.errors import SkipReasonRequired
from allocation.matching import match_flat
from partners.models import ConditionKind, ReasonCode
from referrals import conditions
from referrals import selectors as referral_selectors
from tests.partners.factories import IntakeCriterionFactory

pytestmark = pytest.mark.django_db


def _rows(alloc, flat):
    return {r.entry_id: r for r in match_flat(flat, selectors.entries_visible_to(alloc.officer))}


def test_matching_uses_the_referral_modules_evaluator(alloc, monkeypatch):
    IntakeCriterionFactory(
        programme=alloc.programme, kind=ConditionKind.AGE_RANGE, min_age=18, max_age=26, text=""
    )
    young = alloc.applicant(data={"birth_date": "2004-05-01"})
    old = alloc.applicant(data={"birth_date": "1970-05-01"})
    calls = []
    original = conditions.EVALUATORS[ConditionKind.AGE_RANGE]

    def spy(condition, facts, today):
        calls.append(facts.birth_date)
        return original(condition, facts, today)

    monkeypatch.setitem(conditions.EVALUATORS, ConditionKind.AGE_RANGE, spy)
    rows = _rows(alloc, alloc.flat())
    assert rows[young.pk].suitable
    assert not rows[old.pk].suitable
    assert len(calls) == 2  # one evaluation per applicant, by the shared evaluator
    # the reason shown to the officer is the one the referral's own page gives
    checks = referral_selectors.referral_answer_checks(old.referral)
    age = next(c for c in checks if c.answer.criterion.kind == ConditionKind.AGE_RANGE)
    failed = [str(c.text) for c in rows[old.pk].failed]
    assert any(age.evaluation.reason in text for text in failed), failed


def test_an_exception_made_at_acceptance_is_respected_by_matching(alloc):
    entry = alloc.applicant(data={"debt_to_energy_supplier": 4000})
    flat = alloc.flat()
    assert not _rows(alloc, flat)[entry.pk].suitable
    answer = entry.referral.answers.get(criterion__kind=ConditionKind.NO_ENERGY_DEBT)
    answer.override_reason = "Dluh se splácí dohodou s dodavatelem."
    answer.overridden_by = alloc.commission
    answer.overridden_at = answer.referral.decided_at
    answer.save()
    assert _rows(alloc, flat)[entry.pk].suitable


def _skip(code="unreachable"):
    return ReasonCode.objects.get(code_list="offer_skip", code=code)


def test_offer_past_a_higher_ranked_suitable_applicant_needs_a_coded_reason(alloc):
    first = alloc.score(alloc.applicant(), "Rodina s nezletilými dětmi")
    second = alloc.applicant()
    flat = alloc.flat()
    for missing in (None, "", "abc"):
        with pytest.raises(SkipReasonRequired):
            alloc.offer(flat=flat, entry=second, skip_code=missing)
    flat.refresh_from_db()
    second.refresh_from_db()
    assert (flat.state, second.status) == ("vacant", "waiting")  # nothing written
    assert not flat.offers.exists()
    offer = alloc.offer(
        flat=flat, entry=second, skip_code=_skip(), skip_note="Telefon nebere třetí týden."
    )
    assert offer.skipped_higher_ranked == 1
    assert offer.skip_code == _skip() and offer.skip_note == "Telefon nebere třetí týden."
    assert first.pk != second.pk


def test_offer_to_the_best_suitable_applicant_needs_no_reason(alloc):
    best = alloc.score(alloc.applicant(), "Rodina s nezletilými dětmi")
    alloc.applicant()
    offer = alloc.offer(entry=best, skip_code=_skip())
    assert offer.skipped_higher_ranked == 0 and offer.skip_code is None


def test_unsuitable_applicants_ranked_higher_are_not_skipped(alloc):
    alloc.score(alloc.applicant(data={"debt_to_energy_supplier": 900}), "Oběť domácího násilí")
    alloc.score(alloc.applicant(household=6), "Oběť domácího násilí")
    entry = alloc.applicant()
    offer = alloc.offer(entry=entry)
    assert offer.skipped_higher_ranked == 0


def test_a_skip_code_out_of_use_or_from_another_list_is_refused(alloc):
    alloc.score(alloc.applicant(), "Rodina s nezletilými dětmi")
    entry = alloc.applicant()
    retired = _skip("refused_before")
    retired.is_active = False
    retired.save()
    flat = alloc.flat()
    for wrong in (retired, ReasonCode.objects.get(code_list="decline", code="capacity")):
        with pytest.raises(SkipReasonRequired):
            services.offer_create(
                flat=flat,
                entry=entry,
                user=alloc.officer,
                lease_start=datetime.date.today(),
                lease_end=datetime.date.today() + datetime.timedelta(days=180),
                skip_code=wrong,
            )
