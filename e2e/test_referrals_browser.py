"""A referral in a real browser: the shelter's social worker refers a family with an
attachment, the municipality's case-review group accepts, the shelter sees the result.

Selectors use ids, names and data-* hooks rather than visible texts, which the lead's
Czech translation will change.
"""

import datetime
import re

import pytest

from e2e.conftest import axe_check, log_in, pdf_bytes
from partners.models import IntakeCriterion, PathwayStage
from referrals import services
from referrals.models import Attachment, Consent, Referral
from tests.partners.factories import ProgrammeFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def referral_setting(orgs, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    programme = ProgrammeFactory(
        organisation=orgs.receiver.organisation,
        name="Tréninkové bydlení – sociální byty",
        slug="tb-socialni",
        stage=PathwayStage.objects.get(slug="treninkove"),
        max_stay_months=24,
    )
    for order, text in enumerate(
        [
            "Předchozí spolupráce se sociálním pracovníkem",
            "Dluhy vůči městu jen se splátkovým kalendářem",
            "Žádné dluhy u dodavatele energií",
        ]
    ):
        IntakeCriterion.objects.create(programme=programme, text=text, sort_order=order)
    worker = orgs.sender.users["social_worker"]
    client = services.client_create(
        user=worker,
        organisation=orgs.sender.organisation,
        data={"first_name": "Petra", "last_name": "Kovářová", "housing_situation": "shelter"},
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
        categories=["identity", "household"],
        valid_from=datetime.date.today(),
        signed_form=_upload(),
    )
    return programme, client


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("souhlas.pdf", pdf_bytes("Souhlas se sdílením údajů"))


def _switch_user(page, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, next_url=next_url)


def _assert_accessible(page, where: str) -> None:
    violations = axe_check(page)
    assert violations == [], f"{where}: {violations}"


def test_shelter_refers_family_and_case_review_group_accepts(page, orgs, referral_setting):
    programme, client = referral_setting
    sender = orgs.sender.users["social_worker"].username
    reviewer = orgs.receiver.users["case_reviewer"].username

    # The shelter's social worker drafts the referral from the client's record.
    log_in(page, sender, next_url=f"/predavani/klienti/{client.reference}/")
    assert page.url.endswith(f"/predavani/klienti/{client.reference}/")
    with page.expect_navigation():
        page.click(f"a[href$='/klienti/{client.reference}/predat/']")
    page.select_option("select[name=programme]", str(programme.pk))
    page.select_option("select[name=urgency]", "soon")
    page.fill(
        "textarea[name=reason]",
        "Matka s dcerou v azylovém domě devět měsíců, plní individuální plán.",
    )
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/predavani/[0-9a-f-]{36}/upravit/$"))
    referral = Referral.objects.get(client=client)
    assert "Kovářová" not in page.url

    # Intake checklist and an attachment.
    radios = page.locator("input[type=radio][value=yes]")
    assert radios.count() == 3
    for index in range(radios.count()):
        radios.nth(index).check()
    page.click("main form:not([enctype]) button[type=submit]")
    page.wait_for_url(re.compile(rf"/predavani/{referral.public_id}/$"))
    page.goto(f"/predavani/{referral.public_id}/upravit/")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "doporuceni.pdf",
                "mimeType": "application/pdf",
                "buffer": pdf_bytes("Doporučení klíčové pracovnice"),
            }
        ],
    )
    with page.expect_navigation():
        page.click("form[enctype='multipart/form-data'] button[type=submit]")
    assert Attachment.objects.filter(referral=referral).count() == 1
    page.goto(f"/predavani/{referral.public_id}/")
    _assert_accessible(page, "referral draft page")

    # Submit, after the page that says what is shared with whom.
    with page.expect_navigation():
        page.click("a[data-action=submit]")
    with page.expect_navigation():
        page.click("main form button[data-action=submit]")
    assert page.locator("[data-testid=referral-status]").get_attribute("data-status") == "submitted"

    # The municipality's case-review member finds it in the agenda and accepts it.
    _switch_user(page, reviewer, "/predavani/agenda/")
    with page.expect_navigation():
        page.click(f"a[href='/predavani/{referral.public_id}/']")
    assert page.locator("a[href^='/predavani/prilohy/']").count() == 1
    with page.expect_navigation():
        page.click("a[data-action=accept]")
    _assert_accessible(page, "decision form")
    reviewer_pk = orgs.receiver.users["case_reviewer"].pk
    assert page.is_checked(f"input[name=members_present][value='{reviewer_pk}']")
    page.fill("textarea[name=reason]", "Splňuje podmínky, volný sociální byt od příštího měsíce.")
    page.click("main form button[data-action=accept]")
    page.wait_for_url(re.compile(rf"/predavani/{referral.public_id}/$"))
    assert page.locator("[data-testid=referral-status]").get_attribute("data-status") == "accepted"

    # Back at the shelter: the new status and the timeline.
    _switch_user(page, sender, f"/predavani/{referral.public_id}/")
    assert page.locator("[data-testid=referral-status]").get_attribute("data-status") == "accepted"
    events = page.locator(".timeline li").evaluate_all(
        "items => items.map(item => item.dataset.event)"
    )
    for expected in ("referral.created", "referral.submit", "referral.accept", "decision.accept"):
        assert expected in events, events
    assert events.index("referral.submit") < events.index("referral.accept")
    _assert_accessible(page, "referral page after acceptance")
    assert Referral.objects.get(pk=referral.pk).status == "accepted"
