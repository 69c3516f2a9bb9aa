"""What the data-protection tests share: the personal data the `case` fixture writes, and
requests for an export and an erasure as a browser makes them."""

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from referrals import services
from referrals.models import DataProtectionEvent, Referral, Stay
from tests.referrals.conftest import pdf_upload

# Everything personal the `case` fixture and the helpers below write.
SECRETS = (
    "Jana",
    "Dvořáková",
    "777 123 456",
    "Astma",
    "Spolupracuje",
    "Tomáš",
    "2018-05-01",
    "500 Kč měsíčně",
    "Samostatné bydlení",
    "Rodina v azylovém domě",
    "Splácí dluh",
    "Domácnost uklizená",
    "Dvořáková-zprava",
)
# First names may also be staff names made up by the factories: pages and exports that
# show staff are checked for the rest.
SHOWN_SECRETS = tuple(s for s in SECRETS if s not in ("Jana", "Tomáš"))
GROUND = DataProtectionEvent.Ground.SUBJECT_REQUEST


def cs(message) -> str:
    """The message as a Czech page shows it (escaped), whether or not it is translated yet."""
    with translation.override("cs"):
        return escape(gettext(message) if isinstance(message, str) else str(message))


def url(name, case_or_reference):
    reference = getattr(getattr(case_or_reference, "client", None), "reference", case_or_reference)
    return reverse(f"referrals:{name}", kwargs={"reference": reference})


def with_stay_content(case, referral: Referral) -> Referral:
    """A goal, a visit and an attachment on a placed referral, by the receiving worker."""
    stay = Stay.objects.get(referral=referral)
    worker = case.receiver_worker
    services.plan_goal_add(stay=stay, user=worker, text="Splácí dluh městu podle kalendáře")
    services.visit_record(
        stay=stay, user=worker, visited_on=datetime.date.today(), note="Domácnost uklizená."
    )
    services.attachment_add(
        referral=referral, user=worker, uploaded_file=pdf_upload("Dvořáková-zprava.pdf")
    )
    return referral


def export(browser, case, user, organisation, export_format="json"):
    browser.force_login(user)
    return browser.post(
        url("dataprotection_export", case),
        {"organisation": organisation.slug, "export_format": export_format},
    )


def erase(browser, case, user, ground=GROUND, confirm=True):
    browser.force_login(user)
    data = {"ground": ground}
    if confirm:
        data["confirm"] = "on"
    return browser.post(url("dataprotection_erase", case), data)
