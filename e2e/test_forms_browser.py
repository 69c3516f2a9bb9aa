"""Forms people can trust, in a real browser (issue 17, points 5 and 6): a refused long
form puts "Chyba: " in the title and an error summary at the top that takes the focus and
whose links take it on to their fields; submitting a referral goes through a page that
says what is shared with whom before anything is."""

import datetime
import re

import pytest

from e2e.conftest import axe_check, log_in
from partners.models import IntakeCriterion, PathwayStage
from referrals import services
from referrals.models import Client, Consent, Referral
from tests.partners.factories import ProgrammeFactory
from tests.referrals.factories import answers_all_yes

pytestmark = pytest.mark.browser


def test_error_summary_of_the_client_form_takes_the_focus_and_links_to_fields(page, orgs):
    worker = orgs.sender.users["social_worker"].username
    log_in(page, worker, next_url="/predavani/klienti/novy/")
    page.fill("#id_first_name", "Petra")
    page.fill("#id_last_name", "Kovářová")
    page.fill("#id_birth_date", "2031-05-01")
    page.fill("#id_monthly_income", "-2500")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    assert page.title().startswith("Chyba: ")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    page.wait_for_function(
        "document.activeElement && document.activeElement.dataset.errorSummary !== undefined"
    )
    links = summary.locator("a")
    assert links.count() == 2
    assert "Datum narození nemůže být v budoucnosti." in links.nth(0).inner_text()
    assert "Částka nemůže být záporná." in links.nth(1).inner_text()
    # the summary is above the form's first field
    assert summary.bounding_box()["y"] < page.locator("#id_first_name").bounding_box()["y"]

    links.nth(1).click()
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'id_monthly_income'"
    )
    assert page.locator("#id_monthly_income").input_value() == "-2500"  # nothing typed is lost
    assert axe_check(page) == []
    assert not Client.objects.filter(last_name="Kovářová").exists()

    # corrected, the record is saved and the next page has neither summary nor prefix
    page.fill("#id_birth_date", "1990-05-01")
    page.fill("#id_monthly_income", "2500")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert not page.title().startswith("Chyba")
    assert page.locator("[data-error-summary]").count() == 0
    assert Client.objects.get(last_name="Kovářová").birth_date == datetime.date(1990, 5, 1)


@pytest.fixture
def draft_referral(orgs):
    programme = ProgrammeFactory(
        organisation=orgs.receiver.organisation,
        name="Tréninkové bydlení – sociální byty",
        slug="tb-socialni",
        stage=PathwayStage.objects.get(slug="treninkove"),
        max_stay_months=24,
    )
    IntakeCriterion.objects.create(programme=programme, text="Žádné dluhy u dodavatele energií")
    worker = orgs.sender.users["social_worker"]
    client = services.client_create(
        user=worker,
        organisation=orgs.sender.organisation,
        data={"first_name": "Petra", "last_name": "Kovářová", "housing_situation": "shelter"},
    )
    services.consent_grant(
        user=worker,
        client=client,
        organisation=orgs.receiver.organisation,
        purpose=Consent.Purpose.ASSESSMENT,
        categories=["identity", "household"],
        valid_from=datetime.date.today(),
    )
    return services.referral_create(
        user=worker,
        client=client,
        programme=programme,
        reason="Matka s dcerou v azylovém domě devět měsíců.",
        answers=answers_all_yes(programme),
    )


def test_submitting_a_referral_confirms_what_is_shared_with_whom(page, orgs, draft_referral):
    referral = draft_referral
    log_in(page, orgs.sender.users["social_worker"].username, next_url=referral.get_absolute_url())
    assert "nic se nesdílí" in page.inner_text("[data-testid=referral-kind]").lower()
    with page.expect_navigation():
        page.click("a[data-action=submit]")

    summary = page.inner_text("[data-testid=share-summary]")
    assert orgs.receiver.organisation.name in summary
    assert "Totožnost a kontakt" in summary and "Domácnost" in summary
    assert "Zdraví" not in summary  # not consented: stays with the shelter
    assert axe_check(page) == []
    assert Referral.objects.get(pk=referral.pk).status == "draft"

    with page.expect_navigation():
        page.click("main form button[data-action=submit]")
    page.wait_for_url(re.compile(rf"/predavani/{referral.public_id}/$"))
    assert page.locator("[data-testid=referral-status]").get_attribute("data-status") == "submitted"
    assert "případ se sdílí" in page.inner_text("[data-testid=referral-kind]").lower()
    assert Referral.objects.get(pk=referral.pk).status == "submitted"
