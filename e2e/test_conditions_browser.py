"""Intake conditions in a real browser: the shelter's worker sees which of the programme's
conditions the client record shows as not met and why, may answer "met" only with a note,
the municipality's case reviewer accepts only with an exception and its reason, and the
shelter reads that reason on the referral's timeline.

Selectors use ids, names and data-* hooks rather than visible texts.
"""

import datetime
import re

import pytest

from e2e.conftest import axe_check, log_in
from partners.models import ConditionKind, IntakeCriterion, PathwayStage
from referrals import services
from referrals.models import Consent, CriterionAnswer, Referral
from tests.partners.factories import ProgrammeFactory

pytestmark = pytest.mark.browser

EXCEPTION = "Dohoda o splátkách s dodavatelem energií je podepsaná, splácí se od května."


@pytest.fixture
def conditions_setting(orgs, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    programme = ProgrammeFactory(
        organisation=orgs.receiver.organisation,
        name="Tréninkové bydlení – sociální byty",
        slug="tb-socialni",
        stage=PathwayStage.objects.get(slug="treninkove"),
    )
    energy = IntakeCriterion.objects.create(
        programme=programme, kind=ConditionKind.NO_ENERGY_DEBT, text="", sort_order=0
    )
    city = IntakeCriterion.objects.create(
        programme=programme, kind=ConditionKind.CITY_DEBT_SCHEDULED, text="", sort_order=1
    )
    children = IntakeCriterion.objects.create(
        programme=programme, kind=ConditionKind.MINOR_CHILDREN, text="", sort_order=2
    )
    IntakeCriterion.objects.create(
        programme=programme, text="Souhlas s individuálním plánem", sort_order=3
    )
    worker = orgs.sender.users["social_worker"]
    client = services.client_create(
        user=worker,
        organisation=orgs.sender.organisation,
        data={
            "first_name": "Petra",
            "last_name": "Kovářová",
            "housing_situation": "shelter",
            "debt_to_energy_supplier": 6200,
            "debt_to_city": 0,
        },
        household=[
            {"relation": "head", "first_name": "Petra"},
            {"relation": "child", "first_name": "Anna", "birth_date": datetime.date(2016, 9, 2)},
        ],
    )
    services.consent_grant(
        user=worker,
        client=client,
        organisation=orgs.receiver.organisation,
        purpose=Consent.Purpose.ASSESSMENT,
        categories=["identity", "household", "finances"],
        valid_from=datetime.date.today(),
    )
    referral = services.referral_create(
        user=worker,
        client=client,
        programme=programme,
        reason="Matka s dcerou v azylovém domě devět měsíců, plní individuální plán.",
    )
    return referral, {"energy": energy, "city": city, "children": children}


def _answer(referral, criterion) -> CriterionAnswer:
    return CriterionAnswer.objects.get(referral=referral, criterion=criterion)


def _switch_user(page, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, next_url=next_url)


def test_worker_sees_failing_conditions_reviewer_makes_an_exception_sender_reads_it(
    page, orgs, conditions_setting
):
    referral, conditions = conditions_setting
    sender = orgs.sender.users["social_worker"].username
    reviewer = orgs.receiver.users["case_reviewer"].username
    energy = _answer(referral, conditions["energy"])

    # The worker sees what the record says of each condition, and why.
    log_in(page, sender, next_url=f"/predavani/{referral.public_id}/upravit/")
    verdicts = page.locator(".criterion[data-verdict]").evaluate_all(
        "items => items.map(item => item.dataset.verdict)"
    )
    assert verdicts == ["not_met", "met", "met", "unknown"]
    failing = page.locator(f".criterion[data-condition='{energy.pk}']")
    assert failing.locator(".condition-verdict").inner_text().strip() != ""
    assert failing.locator("input[type=radio][value=no]").is_checked()
    assert axe_check(page) == []

    # "Met" against the record without a note is refused, with a note it is kept.
    failing.locator("input[type=radio][value=yes]").check()
    page.locator("input[type=radio][value=yes]").last.check()  # the free-text condition
    with page.expect_navigation():
        page.click("main form:not([enctype]) button[type=submit]")
    assert page.locator(".form-errors").count() == 1
    assert _answer(referral, conditions["energy"]).answer == "no"
    failing = page.locator(f".criterion[data-condition='{energy.pk}']")
    failing.locator("input[type=radio][value=yes]").check()
    page.locator("input[type=radio][value=yes]").last.check()
    failing.locator("input[type=text]").fill("Splátková dohoda s dodavatelem se podepisuje.")
    with page.expect_navigation():
        page.click("main form:not([enctype]) button[type=submit]")
    page.wait_for_url(re.compile(rf"/predavani/{referral.public_id}/$"))
    assert _answer(referral, conditions["energy"]).answer == "yes"
    with page.expect_navigation():
        page.click("a[data-action=submit]")
    with page.expect_navigation():
        page.click("main form button[data-action=submit]")
    assert page.locator("[data-testid=referral-status]").get_attribute("data-status") == "submitted"

    # The case reviewer sees the unmet condition; acceptance needs the exception's reason.
    _switch_user(page, reviewer, f"/predavani/{referral.public_id}/")
    with page.expect_navigation():
        page.click("a[data-action=accept]")
    assert page.locator("#conditions-unmet li").count() == 1
    assert axe_check(page) == []
    with page.expect_navigation():
        page.click("main form button[data-action=accept]")
    assert Referral.objects.get(pk=referral.pk).status == "submitted"
    page.fill("textarea[name=override_reason]", EXCEPTION)
    with page.expect_navigation():
        page.click("main form button[data-action=accept]")
    page.wait_for_url(re.compile(rf"/predavani/{referral.public_id}/$"))
    assert page.locator("[data-testid=referral-status]").get_attribute("data-status") == "accepted"
    assert _answer(referral, conditions["energy"]).override_reason == EXCEPTION

    # The shelter reads the exception on the timeline.
    _switch_user(page, sender, f"/predavani/{referral.public_id}/")
    entry = page.locator(".timeline li[data-event='referral.accept_override']")
    assert entry.count() == 1
    assert EXCEPTION in entry.inner_text()
    assert axe_check(page) == []
