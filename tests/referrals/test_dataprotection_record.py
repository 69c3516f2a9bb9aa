"""Data protection: finding a client for a request, the logs of exports and erasures, and
the record of processing activities."""

import datetime
import logging

import pytest
from django.test import Client as BrowserClient
from django.urls import reverse

from referrals import selectors
from referrals.models import DataProtectionEvent
from tests.partners.factories import UserFactory
from tests.referrals.conftest import S
from tests.referrals.dataprotection_helpers import SECRETS, SHOWN_SECRETS, cs, erase, export, url

pytestmark = pytest.mark.django_db


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
