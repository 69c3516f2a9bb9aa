"""A referral page read with the session's user from the shared cache
(partners.selectors.signed_in_user) closes on the very next request when the reader's
membership ends, as it did when every request read the memberships."""

import pytest
from django.urls import reverse

from partners.models import Membership
from partners.selectors import MEMBERSHIP_CACHE_ATTR

from .conftest import S

pytestmark = pytest.mark.django_db


def _status(client, referral) -> int:
    return client.get(reverse("referrals:detail", args=[referral.public_id])).status_code


def test_a_deactivated_membership_closes_the_next_request(client, case):
    referral = case.make(S.SUBMITTED)
    client.force_login(case.reviewer)
    assert _status(client, referral) == 200
    assert _status(client, referral) == 200  # the user and memberships now from the cache
    membership = Membership.objects.get(
        user=case.reviewer, organisation=case.orgs.receiver.organisation
    )
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    assert _status(client, referral) == 404
    user = client.get(reverse("referrals:inbox")).wsgi_request.user
    assert getattr(user, MEMBERSHIP_CACHE_ATTR) == []


def test_a_new_membership_opens_the_next_request(client, case):
    referral = case.make(S.SUBMITTED)
    newcomer = case.orgs.outsider
    client.force_login(newcomer)
    assert _status(client, referral) == 404
    assert _status(client, referral) == 404
    Membership.objects.create(
        user=newcomer,
        organisation=case.orgs.receiver.organisation,
        role=Membership.Role.CASE_REVIEWER,
    )
    assert _status(client, referral) == 200
