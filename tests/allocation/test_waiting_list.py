"""Entries come from accepted referrals only, one per referral, added by the commission."""

import pytest
from django.urls import reverse

from allocation import services
from allocation.errors import NotPermitted, WrongState
from allocation.models import WaitingListEntry
from tests.referrals.factories import ClientFactory, ReferralFactory, S

pytestmark = pytest.mark.django_db


def test_commission_adds_accepted_referrals_once_from_the_list_page(client, alloc):
    entry = alloc.applicant()
    referral = entry.referral
    entry.delete()
    client.force_login(alloc.commission)
    url = reverse("allocation:waiting_list_add", args=[alloc.programme.pk])
    assert client.post(url).status_code == 302
    created = WaitingListEntry.objects.get(referral=referral)
    assert created.household_size == 1 and created.submitted_at == referral.submitted_at
    assert created.history.get().history_change_reason == "allocation.entry_created"
    client.post(url)
    assert WaitingListEntry.objects.filter(referral=referral).count() == 1
    with pytest.raises(WrongState):
        services.entry_create(referral=referral, user=alloc.commission)


def test_referral_not_yet_accepted_cannot_enter_the_list(alloc):
    sender = alloc.orgs.sender.users["social_worker"]
    client = ClientFactory(
        responsible_organisation=alloc.orgs.sender.organisation,
        recorded_by=sender,
        first_name="Eva",
    )
    referral = ReferralFactory(
        client=client, programme=alloc.programme, sender=sender, status=S.SUBMITTED
    )
    with pytest.raises(WrongState):
        services.entry_create(referral=referral, user=alloc.commission)
    assert not WaitingListEntry.objects.exists()


def test_others_may_not_add_to_the_list(client, alloc, orgs):
    entry = alloc.applicant()
    referral = entry.referral
    entry.delete()
    for user in (orgs.sender.users["social_worker"], orgs.receiver.users["social_worker"]):
        with pytest.raises(NotPermitted):
            services.entry_create(referral=referral, user=user)
    client.force_login(orgs.third.users["case_reviewer"])
    url = reverse("allocation:waiting_list_add", args=[alloc.programme.pk])
    assert client.post(url).status_code == 404
    assert not WaitingListEntry.objects.exists()
