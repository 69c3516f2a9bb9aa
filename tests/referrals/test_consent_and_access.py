"""Consent decides what another organisation sees; withdrawing it ends access at once."""

import datetime

import pytest

from referrals import permissions, selectors, services, timeline
from referrals.errors import ActionNotPermitted, InvalidKeyWorker
from referrals.models import (
    Category,
    ClientAccessLog,
    ClientUserObjectPermission,
    Consent,
    Referral,
)
from tests.referrals.conftest import S, grant_consent

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def test_responsible_organisation_sees_every_category(case):
    assert permissions.client_categories_for(case.sender, case.client) == frozenset(Category.values)


def test_before_acceptance_receiver_sees_only_assessment_consent_categories(case):
    case.make(S.SUBMITTED)
    seen = permissions.client_categories_for(case.reviewer, fresh(case.client))
    # The cooperation consent also shares health, but only once a referral is accepted.
    assert seen == {"identity", "household", "finances"}


def test_after_acceptance_receiver_sees_cooperation_categories_too(case):
    case.make(S.ACCEPTED)
    seen = permissions.client_categories_for(case.reviewer, fresh(case.client))
    assert seen == {"identity", "household", "finances", "health"}
    assert "notes" not in seen


def test_draft_gives_the_receiver_no_access_to_the_client(case):
    case.make(S.DRAFT)
    assert not permissions.can_view_client(case.reviewer, fresh(case.client))


def test_third_organisation_sees_nothing(case, orgs):
    referral = case.make(S.ACCEPTED)
    for user in orgs.third.users.values():
        assert not permissions.can_view_client(user, fresh(case.client))
        assert not permissions.can_view_referral(user, fresh(referral))
    assert not permissions.can_view_client(orgs.outsider, fresh(case.client))


def test_withdrawing_consent_removes_access_at_once_and_keeps_anonymised_history(case, orgs):
    referral = case.make(S.ACCEPTED)
    assert permissions.can_see_case_content(case.reviewer, fresh(referral))
    for consent in Consent.objects.filter(organisation=orgs.receiver.organisation):
        services.consent_withdraw(user=case.sender, consent=consent, note="Na přání klientky.")
    client = fresh(case.client)
    assert not permissions.can_view_client(case.reviewer, client)
    assert permissions.client_categories_for(case.reviewer, client) == frozenset()
    referral = fresh(referral)
    # The receiver still sees that its own decision happened, without the client's data.
    assert permissions.can_view_referral(case.reviewer, referral)
    assert not permissions.can_see_case_content(case.reviewer, referral)
    entries = timeline.timeline_for(case.reviewer, referral)
    assert "referral.accept" in [entry.key for entry in entries]
    assert all(entry.note == "" for entry in entries)
    data = selectors.referral_page_data(case.reviewer, referral)
    assert data["answers"] == [] and data["attachments"] == []


def test_expired_consent_shows_nothing(case):
    case.make(S.SUBMITTED)
    Consent.objects.filter(client=case.client).update(
        valid_until=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert permissions.client_categories_for(case.reviewer, fresh(case.client)) == frozenset()


def test_declined_referral_ends_the_receivers_access_to_the_client(case):
    referral = case.make(S.DECLINED)
    assert not permissions.can_view_client(case.reviewer, fresh(case.client))
    assert permissions.can_view_referral(case.reviewer, fresh(referral))


def test_only_categories_the_user_sees_can_be_edited(case):
    case.make(S.ACCEPTED)
    client = fresh(case.client)
    # Receiving organisations read; only the responsible organisation writes.
    with pytest.raises(ActionNotPermitted):
        services.client_update(user=case.reviewer, client=client, data={"notes": "x"})


def test_key_worker_reassignment_within_the_organisation(case, orgs):
    referral = case.make(S.SUBMITTED)
    services.client_reassign_key_worker(
        user=case.sender, client=case.client, key_worker=case.sender, reason="Dovolená"
    )
    client = fresh(case.client)
    assert client.key_worker == case.sender
    # The former key worker keeps only what every social worker of the shelter has.
    assert not ClientUserObjectPermission.objects.filter(user=case.key_worker).exists()
    assert ClientUserObjectPermission.objects.filter(user=case.sender, content_object=client)
    assert client.history.first().history_change_reason == "client.key_worker"
    with pytest.raises(InvalidKeyWorker):
        services.client_reassign_key_worker(
            user=case.sender, client=client, key_worker=orgs.receiver.users["social_worker"]
        )
    assert permissions.can_view_referral(case.sender, fresh(referral))


def test_household_with_children_prompts_ospod(case):
    view = selectors.client_view_for(case.sender, fresh(case.client))
    assert view.needs_ospod_prompt
    involvement = services.involvement_record(
        user=case.sender,
        client=case.client,
        kind="child_protection",
        organisation_name="OSPOD Přerov",
        since=datetime.date(2026, 1, 5),
    )
    assert not selectors.client_view_for(case.sender, fresh(case.client)).needs_ospod_prompt
    # Once the office is no longer involved, the prompt comes back.
    services.involvement_end(
        user=case.sender, involvement=involvement, until=datetime.date(2026, 2, 1)
    )
    assert selectors.client_view_for(case.sender, fresh(case.client)).needs_ospod_prompt


def test_reading_a_client_record_is_logged(case):
    services.client_record_read(user=case.sender, client=case.client, via="client_page")
    log = ClientAccessLog.objects.get(client=case.client)
    assert (log.user, log.via) == (case.sender, "client_page")


def test_client_str_is_the_reference_never_the_name(case):
    assert str(case.client) == case.client.reference
    assert "Dvořáková" not in repr(case.client)
    assert case.client.reference.startswith("K-")


def test_deactivated_member_loses_access(case, orgs):
    referral = case.make(S.SUBMITTED)
    membership = orgs.receiver.organisation.memberships.get(user=case.reviewer)
    services.member_deactivate(admin=orgs.receiver.users["org_admin"], membership=membership)
    reviewer = type(case.reviewer).objects.get(pk=case.reviewer.pk)
    assert not permissions.can_view_referral(reviewer, fresh(referral))
    assert not permissions.referrals_visible_to_qs(reviewer).exists()


def test_consent_for_a_third_organisation_lets_the_referral_be_submitted(case, third_programme):
    grant_consent(case, third_programme.organisation)
    referral = case.make(S.SUBMITTED, programme=third_programme)
    assert referral.status == S.SUBMITTED
    assert Referral.objects.filter(client=case.client).count() == 1
