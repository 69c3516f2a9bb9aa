"""The count of unread notifications in every referral page's navigation comes from the
shared cache (referrals.selectors.unread_notifications_count) and is counted again after
each change of it: a new notification, one opened, all marked read."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from referrals import services
from referrals.models import Notification
from tests.referrals.conftest import S

pytestmark = pytest.mark.django_db


def _unread(client) -> tuple[int, int]:
    """(the count the navigation shows, statements that counted notifications)"""
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("referrals:inbox")).content.decode()
    counted = sum('FROM "referrals_notification"' in q["sql"] for q in captured.captured_queries)
    shown = re.search(r'<span class="count"[^>]*>(\d+)</span>', page)
    return (int(shown.group(1)) if shown else 0), counted


def test_the_count_is_kept_and_each_change_is_seen_by_the_next_page(client, case):
    client.force_login(case.reviewer)
    assert _unread(client) == (0, 1)
    assert _unread(client) == (0, 0)  # kept
    case.make(S.SUBMITTED)  # the submission notifies the receiving reviewers
    assert _unread(client) == (1, 1)
    case.make(S.SUBMITTED)
    shown, _counted = _unread(client)
    assert shown == 2
    first = Notification.objects.filter(recipient=case.reviewer).order_by("pk").first()
    client.get(reverse("referrals:notification_open", args=[first.pk]))
    assert _unread(client) == (1, 1)
    client.post(reverse("referrals:notifications_read"))
    assert _unread(client) == (0, 1)
    assert _unread(client) == (0, 0)


def test_another_users_notifications_do_not_touch_the_count(client, case):
    client.force_login(case.sender)
    assert _unread(client) == (0, 1)
    case.make(S.SUBMITTED)  # notifies the receiving reviewers, not the sender
    assert _unread(client) == (0, 0)


def test_without_a_shared_cache_every_page_counts(client, case, settings):
    settings.PORTAL_SIGNED_IN_CACHE = False
    client.force_login(case.reviewer)
    assert _unread(client) == (0, 1)
    assert _unread(client) == (0, 1)
    services.notify(kind=Notification.Kind.SUBMITTED, users=[case.reviewer])
    assert _unread(client) == (1, 1)
