"""Data protection: exports for access requests (what each organisation holds, who may
make them). Who may do what is decided in referrals/permissions/dataprotection.py."""

import io
import json

import pytest
from django.db import connection
from django.test import Client as BrowserClient
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from referrals import services
from referrals.models import ClientAccessLog, Consent, DataProtectionEvent
from tests.partners.factories import UserFactory
from tests.referrals.conftest import S, grant_consent
from tests.referrals.dataprotection_helpers import SHOWN_SECRETS, export, url, with_stay_content

pytestmark = pytest.mark.django_db


# --- Export: content --------------------------------------------------------------------


def test_key_worker_exports_everything_the_responsible_organisation_holds(client, case, orgs):
    referral = with_stay_content(case, case.make(S.PLACED))
    response = export(client, case, case.key_worker, orgs.sender.organisation)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert case.client.reference in disposition
    for secret in ("Jana", "Dvo", "Dvo%C5%99"):
        assert secret not in disposition
    data = json.loads(response.content)
    assert data["export"]["organisation"] == orgs.sender.organisation.name
    assert data["data"]["identity"]["first_name"] == "Jana"
    assert data["data"]["identity"]["phone"] == "777 123 456"
    assert data["data"]["finances"]["debt_to_city"] == 12000
    assert data["data"]["health"]["health_and_addiction"] == "Astma u mladšího dítěte."
    assert data["data"]["notes"]["notes"] == "Spolupracuje, chodí na schůzky včas."
    assert [m["first_name"] for m in data["household"]] == ["Jana", "Tomáš"]
    assert len(data["consents"]) == 2 and data["consents"][0]["signed_form_on_file"] is True
    assert data["client_history"]
    [item] = data["referrals"]
    assert item["reference"] == referral.reference
    assert item["reason"].startswith("Rodina v azylovém domě")
    assert len(item["intake_answers"]) == 4
    assert [a["file_name"] for a in item["attachments"]] == ["Dvořáková-zprava.pdf"]
    assert [g["goal"] for g in item["stay"]["goals"]] == ["Splácí dluh městu podle kalendáře"]
    assert [v["note"] for v in item["stay"]["visits"]] == ["Domácnost uklizená."]
    events = [entry["event"] for entry in item["timeline"]]
    assert len(events) >= 4  # drafted, submitted, accepted, moved in, stay started


def test_receiving_organisation_exports_only_consented_categories_and_its_own_part(
    client, case, orgs, third_programme
):
    referral = case.make(S.SUBMITTED)
    grant_consent(case, orgs.third.organisation, categories=["identity", "health"])
    other = case.make(S.SUBMITTED, programme=third_programme)
    response = export(client, case, case.reviewer, orgs.receiver.organisation)

    assert response.status_code == 200
    raw = response.content.decode()
    data = json.loads(raw)
    # The assessment consent shares identity, household and finances; the cooperation
    # consent (with health) counts only once the receiver works with the client.
    assert set(data["data"]) == {"identity", "household", "finances"}
    assert data["data"]["identity"]["last_name"] == "Dvořáková"
    for absent in ("Astma", "Spolupracuje", orgs.third.organisation.name, other.reference):
        assert absent not in raw
    assert {c["organisation"] for c in data["consents"]} == {orgs.receiver.organisation.name}
    assert [r["reference"] for r in data["referrals"]] == [referral.reference]
    assert data["client"]["key_worker"] == ""
    assert data["client_history"] == []


def test_withdrawn_consent_empties_the_receivers_export_of_client_data(client, case, orgs):
    case.make(S.SUBMITTED)
    for consent in Consent.objects.filter(organisation=orgs.receiver.organisation):
        services.consent_withdraw(user=case.sender, consent=consent, note="")
    response = export(client, case, case.reviewer, orgs.receiver.organisation)
    data = json.loads(response.content)
    assert data["data"] == {} and data["household"] == []
    assert data["referrals"][0]["reason"] == ""
    for secret in SHOWN_SECRETS:
        assert secret not in response.content.decode()


def test_pdf_export_is_readable_czech_text(client, case, orgs):
    with_stay_content(case, case.make(S.PLACED))
    response = export(client, case, case.key_worker, orgs.sender.organisation, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert "no-store" in response["Cache-Control"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Dvořáková", "777 123 456", "Astma", "Tomáš", "Domácnost uklizená"):
        assert expected in text
    assert case.client.reference in text


def test_export_writes_the_audit_entry_and_the_read_log(client, case, orgs):
    case.make(S.SUBMITTED)
    export(client, case, case.reviewer, orgs.receiver.organisation, "pdf")
    event = DataProtectionEvent.objects.get()
    assert event.kind == DataProtectionEvent.Kind.EXPORT
    assert event.organisation == orgs.receiver.organisation
    assert event.actor == case.reviewer and event.actor_username == case.reviewer.username
    assert event.client_reference == case.client.reference
    assert event.export_format == "pdf"
    read = ClientAccessLog.objects.filter(client=case.client, user=case.reviewer).get()
    assert read.object_reference == "export pdf"


def test_responsible_case_reviewer_may_export_the_full_record(client, case, orgs):
    response = export(client, case, orgs.sender.users["case_reviewer"], orgs.sender.organisation)
    assert response.status_code == 200
    assert json.loads(response.content)["data"]["health"]["health_and_addiction"]


# --- Export: who may ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    [
        "sender.social_worker",  # sees the client, but is not its key worker
        "sender.editor",
        "sender.org_admin",
        "receiver.social_worker",
        "receiver.org_admin",
        "third.case_reviewer",
        "third.social_worker",
        "outsider",
        "superuser",
    ],
)
def test_nobody_else_may_export_and_learns_nothing(client, case, orgs, who):
    case.make(S.SUBMITTED)
    if who == "outsider":
        user = orgs.outsider
    elif who == "superuser":
        user = UserFactory(username="spravce", is_superuser=True, is_staff=True)
    else:
        org, role = who.split(".")
        user = getattr(orgs, org).users[role]
    for organisation in (orgs.sender.organisation, orgs.receiver.organisation):
        response = export(client, case, user, organisation)
        assert response.status_code == 404
        for secret in SHOWN_SECRETS:
            assert secret not in response.content.decode()
    if who not in ("sender.org_admin", "receiver.org_admin"):
        assert client.get(url("dataprotection_client", case)).status_code == 404
    assert not DataProtectionEvent.objects.exists()


def test_org_admin_sees_the_erasure_but_no_export(client, case, orgs):
    client.force_login(orgs.sender.users["org_admin"])
    page = client.get(url("dataprotection_client", case)).content.decode()
    assert url("dataprotection_erase", case) in page
    assert url("dataprotection_export", case) not in page
    for secret in SHOWN_SECRETS:
        assert secret not in page


def test_anonymous_is_sent_to_log_in(client, case, orgs):
    for name in ("dataprotection_client", "dataprotection_export", "dataprotection_erase"):
        response = client.post(url(name, case), {"organisation": orgs.sender.organisation.slug})
        assert response.status_code == 302
        assert "/login" in response["Location"] or "prihlaseni" in response["Location"]
    assert not DataProtectionEvent.objects.exists()


def test_export_is_post_only_and_checks_the_organisation(client, case, orgs):
    client.force_login(case.key_worker)
    assert client.get(url("dataprotection_export", case)).status_code == 405
    # The key worker exports for the responsible organisation only.
    response = export(client, case, case.key_worker, orgs.receiver.organisation)
    assert response.status_code == 302
    assert not DataProtectionEvent.objects.exists()
    response = export(client, case, case.key_worker, orgs.sender.organisation, "docx")
    assert response.status_code == 302
    assert not DataProtectionEvent.objects.exists()


def test_export_needs_a_csrf_token(case, orgs):
    browser = BrowserClient(enforce_csrf_checks=True)
    response = export(browser, case, case.key_worker, orgs.sender.organisation)
    assert response.status_code == 403
    assert not DataProtectionEvent.objects.exists()


def test_key_worker_finds_the_export_on_the_client_page(client, case, orgs):
    client.force_login(case.key_worker)
    page = client.get(url("client", case)).content.decode()
    assert url("dataprotection_client", case) in page
    client.force_login(case.sender)
    page = client.get(url("client", case)).content.decode()
    assert url("dataprotection_client", case) not in page


def test_export_query_count_grows_only_by_the_history_of_each_referral(
    client, case, orgs, django_assert_max_num_queries
):
    """Related rows are fetched once for all referrals; each referral adds only the
    queries of its own and its stay's history rows."""
    client.force_login(case.key_worker)
    data = {"organisation": orgs.sender.organisation.slug, "export_format": "json"}
    with_stay_content(case, case.make(S.PLACED))
    with CaptureQueriesContext(connection) as one:
        assert client.post(url("dataprotection_export", case), data).status_code == 200
    for _ in range(2):
        with_stay_content(case, case.make(S.PLACED))
    with django_assert_max_num_queries(len(one) + 2 * 3):
        assert client.post(url("dataprotection_export", case), data).status_code == 200
    # Fixed cost: the export reads each kind of record once (money, agencies and lease
    # renewals included).
    assert len(one) <= 37
