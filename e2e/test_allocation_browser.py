"""Allocation in a real browser: a commission member scores an application; the housing
officer records a vacant flat, offers it to the top match, the owner and the support
provider accept, and the flat is let.

Selectors use ids, names and URLs rather than visible texts, which the lead's Czech
translation will change.
"""

import datetime

import pytest

from allocation.models import Flat, Offer, WaitingListEntry
from e2e.conftest import axe_check, log_in
from referrals.models import Stay
from tests.allocation.conftest import alloc, private_media, programme  # noqa: F401

pytestmark = pytest.mark.browser

ACCEPT = "form[action$='/prijmout/']:has(input[name='side'][value='%s']) button[type=submit]"


def _switch_user(page, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, next_url=next_url)


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_commission_scores_officer_offers_flat_and_both_sides_accept(page, alloc):  # noqa: F811
    top = alloc.applicant(household=3, districts=["jih"])
    other = alloc.applicant()
    alloc.score(other, "Pobyt v azylovém domě déle než 6 měsíců")  # 5 points

    # The commission member scores the family: children and the cost of housing.
    _switch_user(page, alloc.commission.username, f"/prideleni/zadatel/{top.public_id}/")
    for criterion in alloc.criteria[:1] + alloc.criteria[3:4]:
        page.check(f"input[name='score-criteria'][value='{criterion.pk}']")
    _submit(page, "#score-decide")
    assert page.inner_text("#score").strip() == "16"
    assert "rodné listy dětí" in page.inner_text("#score-explanation")
    assert axe_check(page) == []
    assert WaitingListEntry.objects.get(pk=top.pk).score == 16

    # The housing officer records a vacant flat in Ostrava-Jih.
    page.goto("/prideleni/byty/novy/")
    page.fill("#id_address", "Horní 1450/28, Ostrava-Hrabůvka")
    page.select_option("#id_district", str(alloc.districts["jih"].pk))
    page.select_option("#id_owner", str(alloc.orgs.receiver.organisation.pk))
    page.select_option("#id_programme", str(alloc.programme.pk))
    page.select_option("#id_stage", str(alloc.programme.stage_id))
    page.fill("#id_rooms", "2")
    page.fill("#id_size_m2", "53")
    page.fill("#id_max_occupants", "4")
    page.fill("#id_rent", "5400")
    page.fill("#id_distance_to_school_m", "350")
    page.select_option("#id_support_provider", str(alloc.orgs.third.organisation.pk))
    _submit(page, "main form button[type=submit]")
    flat = Flat.objects.get(address="Horní 1450/28, Ostrava-Hrabůvka")
    assert page.url.endswith(f"/prideleni/byty/{flat.public_id}/")
    assert axe_check(page) == []

    # The top match is the family just scored; the officer offers the flat to it.
    first = page.locator("#matches > li").first
    assert top.referral.reference in first.inner_text()
    with page.expect_navigation():
        first.locator(f"a[href*='/nabidnout/{top.public_id}/']").click()
    today = datetime.date.today()
    page.fill("#id_lease_start", today.isoformat())
    page.fill("#id_lease_end", (today + datetime.timedelta(days=180)).isoformat())
    page.select_option("#id_support_worker", str(alloc.receiver_worker.pk))
    _submit(page, "main form button[type=submit]")
    offer = Offer.objects.get()
    assert page.url.endswith(f"/prideleni/nabidky/{offer.public_id}/")

    # The owner accepts ...
    _submit(page, ACCEPT % "owner")
    offer.refresh_from_db()
    assert offer.owner_accepted_by == alloc.officer and offer.status == "pending"

    # ... and the support provider (the NGO's social worker) accepts: the family moves in.
    _switch_user(page, alloc.support.username, f"/prideleni/nabidky/{offer.public_id}/")
    assert page.locator("input[name='side'][value='owner']").count() == 0
    _submit(page, ACCEPT % "support")
    offer.refresh_from_db()
    assert offer.status == "accepted"
    assert page.inner_text("#offer-status").strip() == offer.get_status_display()
    assert Flat.objects.get(pk=flat.pk).state == "let"
    assert WaitingListEntry.objects.get(pk=top.pk).status == "housed"
    assert Stay.objects.get(referral=top.referral).lease_end == today + datetime.timedelta(days=180)
    assert axe_check(page) == []
