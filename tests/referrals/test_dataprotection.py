"""Data protection: exports for access requests, erasure on request and the record of
processing activities. Who may do what is decided in referrals/permissions/dataprotection.py."""

import datetime
import io
import json
import logging
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client as BrowserClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from pypdf import PdfReader

from referrals import selectors, services
from referrals.errors import ErasureGroundRequired
from referrals.models import (
    Attachment,
    Client,
    ClientAccessLog,
    Consent,
    DataProtectionEvent,
    HouseholdMember,
    Referral,
    Stay,
)
from tests.partners.factories import UserFactory
from tests.referrals.conftest import S, grant_consent, pdf_upload

pytestmark = pytest.mark.django_db

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
    assert len(one) <= 35


# --- Erasure ----------------------------------------------------------------------------


def erase(browser, case, user, ground=GROUND, confirm=True):
    browser.force_login(user)
    data = {"ground": ground}
    if confirm:
        data["confirm"] = "on"
    return browser.post(url("dataprotection_erase", case), data)


def _rows_text(model) -> list[str]:
    fields = [f.attname for f in model._meta.concrete_fields]
    texts = []
    for row in model.objects.values_list(*fields):
        texts.append(" ".join(str(value) for value in row if value is not None))
    return texts


def personal_data_left() -> list[tuple[str, str]]:
    """Every row of every referrals table (live and historical) that still holds a secret."""
    found = []
    for model in apps.get_app_config("referrals").get_models():
        if not issubclass(model, models.Model):
            continue
        for text in _rows_text(model):
            for secret in SECRETS:
                if secret in text:
                    found.append((model.__name__, secret))
    return found


def test_erasure_removes_personal_data_from_record_household_history_and_files(
    client, case, orgs, private_media
):
    referral = with_stay_content(case, case.make(S.PLACED))
    services.referral_close(referral=referral, user=case.receiver_worker, outcome="moved_on")
    case.make(S.DRAFT)  # a forgotten draft does not stop the erasure
    files = [Path(a.file.path) for a in Attachment.objects.all()]
    files += [Path(c.signed_form.path) for c in Consent.objects.all()]
    assert files and all(f.exists() for f in files)
    assert personal_data_left()  # the check below can fail

    response = erase(client, case, orgs.sender.users["org_admin"])

    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:dataprotection_home")
    client_row = Client.objects.get(pk=case.client.pk)
    assert client_row.is_anonymised
    assert client_row.first_name == client_row.last_name == client_row.phone == ""
    assert client_row.birth_date is None and client_row.key_worker is None
    assert not HouseholdMember.objects.filter(client=client_row).exists()
    assert personal_data_left() == []
    assert not any(f.exists() for f in files)
    assert not Attachment.objects.exists()
    # Statistics survive.
    assert Referral.objects.get(pk=referral.pk).outcome == "moved_on"
    assert client_row.housing_situation == "shelter"


def test_erasure_writes_an_audit_entry_without_personal_data(client, case, orgs):
    case.make(S.CLOSED)
    erase(client, case, orgs.sender.users["case_reviewer"])
    event = DataProtectionEvent.objects.get()
    assert event.kind == DataProtectionEvent.Kind.ERASURE
    assert event.ground == GROUND
    assert event.organisation == orgs.sender.organisation
    assert event.actor == orgs.sender.users["case_reviewer"]
    assert event.client_reference == case.client.reference
    text = " ".join(_rows_text(DataProtectionEvent))
    for secret in SECRETS:
        assert secret not in text
    # The entry is listed to the organisation's administrators, by reference.
    client.force_login(orgs.sender.users["org_admin"])
    page = client.get(reverse("referrals:dataprotection_home")).content.decode()
    assert case.client.reference in page
    assert cs(DataProtectionEvent.Ground.SUBJECT_REQUEST.label) in page
    client.force_login(orgs.receiver.users["org_admin"])
    page = client.get(reverse("referrals:dataprotection_home")).content.decode()
    assert case.client.reference not in page


@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.PLACED])
def test_erasure_is_refused_while_a_referral_is_open(client, case, orgs, status):
    referral = case.make(status)
    response = erase(client, case, orgs.sender.users["org_admin"])
    assert response.status_code == 200
    page = response.content.decode()
    assert referral.reference in page
    expected = cs(
        "A referral is still open (%(references)s): another organisation is working "
        "with the data. Withdraw or close it first."
    )
    assert expected.replace("%(references)s", referral.reference) in page
    assert not Client.objects.get(pk=case.client.pk).is_anonymised
    assert not DataProtectionEvent.objects.exists()


def test_erasure_is_refused_while_a_stay_runs(client, case, orgs):
    referral = case.make(S.CLOSED)
    Stay.objects.filter(referral=referral).update(ended_on=None)
    response = erase(client, case, orgs.sender.users["org_admin"])
    expected = cs("The client's stay in a programme is still running. End it first.")
    assert expected in response.content.decode()
    assert not Client.objects.get(pk=case.client.pk).is_anonymised


def test_erasure_of_an_anonymised_case_is_refused(client, case, orgs):
    case.make(S.CLOSED)
    erase(client, case, orgs.sender.users["org_admin"])
    response = erase(client, case, orgs.sender.users["case_reviewer"])
    assert cs("The client's data were already erased (anonymised).") in response.content.decode()
    assert DataProtectionEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("ground", "confirm", "message"),
    [
        ("", True, ErasureGroundRequired.default_message),
        ("because", True, None),
        (GROUND, False, "Confirm that you understand the erasure."),
    ],
)
def test_erasure_without_a_ground_or_confirmation_changes_nothing(
    client, case, orgs, ground, confirm, message
):
    case.make(S.CLOSED)
    response = erase(client, case, orgs.sender.users["org_admin"], ground=ground, confirm=confirm)
    assert response.status_code == 200
    page = response.content.decode()
    if message is not None:
        assert cs(message) in page
    else:
        assert 'aria-invalid="true"' in page or "errorlist" in page
    client_row = Client.objects.get(pk=case.client.pk)
    assert client_row.first_name == "Jana" and not client_row.is_anonymised
    assert client_row.household_members.count() == 2
    assert not DataProtectionEvent.objects.exists()


def test_erasure_needs_post_and_a_csrf_token(case, orgs):
    case.make(S.CLOSED)
    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(orgs.sender.users["org_admin"])
    page = browser.get(url("dataprotection_erase", case))
    assert page.status_code == 200  # the confirmation form; nothing happens on GET
    assert not Client.objects.get(pk=case.client.pk).is_anonymised
    response = browser.post(url("dataprotection_erase", case), {"ground": GROUND, "confirm": "on"})
    assert response.status_code == 403
    assert not Client.objects.get(pk=case.client.pk).is_anonymised


@pytest.mark.parametrize(
    "who",
    [
        "sender.social_worker",
        "sender.editor",
        "key_worker",
        "receiver.org_admin",
        "receiver.case_reviewer",
        "third.org_admin",
        "outsider",
        "superuser",
    ],
)
def test_only_the_responsible_org_admin_or_case_reviewer_may_erase(client, case, orgs, who):
    case.make(S.CLOSED)
    if who == "outsider":
        user = orgs.outsider
    elif who == "superuser":
        user = UserFactory(username="spravce", is_superuser=True, is_staff=True)
    elif who == "key_worker":
        user = case.key_worker
    else:
        org, role = who.split(".")
        user = getattr(orgs, org).users[role]
    client.force_login(user)
    assert client.get(url("dataprotection_erase", case)).status_code == 404
    assert erase(client, case, user).status_code == 404
    assert not Client.objects.get(pk=case.client.pk).is_anonymised
    assert not DataProtectionEvent.objects.exists()


# --- Finding a client, logs -------------------------------------------------------------


def test_lookup_by_reference(client, case, orgs):
    home = reverse("referrals:dataprotection_home")
    client.force_login(orgs.sender.users["org_admin"])
    response = client.get(home, {"reference": case.client.reference.lower()})
    assert response.status_code == 302
    assert response["Location"] == url("dataprotection_client", case)
    response = client.get(home, {"reference": "Jana Dvořáková"})
    assert response.status_code == 200
    assert cs("Enter a client reference such as K-2026-0042.") in response.content.decode()
    client.force_login(orgs.third.users["org_admin"])
    response = client.get(home, {"reference": case.client.reference})
    assert response.status_code == 200
    expected = cs("No client with this reference that you may handle requests for.")
    assert expected in response.content.decode()
    client.force_login(orgs.outsider)
    assert client.get(home).status_code == 404


def test_nav_links_to_data_protection_for_admins_and_reviewers(client, orgs):
    home = reverse("referrals:dataprotection_home")
    client.force_login(orgs.sender.users["org_admin"])
    assert home in client.get(reverse("referrals:inbox")).content.decode()
    client.force_login(orgs.sender.users["social_worker"])
    assert home not in client.get(reverse("referrals:inbox")).content.decode()


def test_exports_and_erasures_log_no_personal_data(client, case, orgs, caplog):
    case.make(S.CLOSED)
    with caplog.at_level(logging.DEBUG):
        export(client, case, case.key_worker, orgs.sender.organisation, "pdf")
        export(client, case, case.key_worker, orgs.sender.organisation, "json")
        erase(client, case, orgs.sender.users["org_admin"])
    assert case.client.reference in caplog.text  # logged, by reference
    for secret in SECRETS:
        assert secret not in caplog.text


# --- Record of processing activities ----------------------------------------------------


def test_processing_record_shows_live_counts_and_settings_without_personal_data(
    client, case, orgs, moderator, settings
):
    settings.REFERRALS_RETENTION_DAYS = 730
    case.make(S.CLOSED)
    export(client, case, case.key_worker, orgs.sender.organisation)
    erase(client, case, orgs.sender.users["org_admin"])
    old = DataProtectionEvent.objects.create(
        kind=DataProtectionEvent.Kind.EXPORT,
        organisation=orgs.sender.organisation,
        client_reference="K-2020-0001",
    )
    DataProtectionEvent.objects.filter(pk=old.pk).update(
        created_at=old.created_at - datetime.timedelta(days=400)
    )
    numbers = selectors.processing_record_numbers()
    assert numbers["exports"] == 1 and numbers["erasures"] == 1
    assert numbers["anonymised"] == 1 and numbers["clients"] == 0
    assert numbers["consents"] == 2

    browser = BrowserClient()  # a fresh session: no flash message of the erasure
    browser.force_login(moderator)
    response = browser.get(reverse("referrals:processing_record"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-count="exports">1<' in page
    assert 'data-count="erasures">1<' in page
    assert 'data-count="anonymised">1<' in page
    assert 'data-count="clients">0<' in page
    assert "730" in page  # the retention period as configured
    assert "no-store" in response["Cache-Control"]
    for secret in (*SHOWN_SECRETS, case.client.reference, "K-2020-0001"):
        assert secret not in page


def test_processing_record_is_for_superusers_and_the_secretariat_only(client, orgs, moderator):
    page = reverse("referrals:processing_record")
    superuser = UserFactory(username="spravce", is_superuser=True, is_staff=True)
    for user in (superuser, moderator):
        client.force_login(user)
        assert client.get(page).status_code == 200
    for user in (*orgs.sender.users.values(), orgs.outsider):
        client.force_login(user)
        assert client.get(page).status_code == 404
    client.logout()
    assert client.get(page).status_code == 302
