"""Data protection: erasure on request, what it removes, when it is refused and who may
decide it. Who may do what is decided in referrals/permissions/dataprotection.py."""

from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.test import Client as BrowserClient
from django.urls import reverse

from referrals import services
from referrals.errors import ErasureGroundRequired
from referrals.models import (
    Attachment,
    Client,
    Consent,
    DataProtectionEvent,
    HouseholdMember,
    Referral,
    Stay,
)
from tests.partners.factories import UserFactory
from tests.referrals.conftest import S
from tests.referrals.dataprotection_helpers import (
    GROUND,
    SECRETS,
    cs,
    erase,
    url,
    with_stay_content,
)

pytestmark = pytest.mark.django_db


# --- Erasure ----------------------------------------------------------------------------


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
