"""List views answer in a fixed number of queries, however many rows they show."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm

from referrals import permissions, services
from referrals.models import CaseFlag, Client, ReferralGroupObjectPermission
from tests.referrals.conftest import S

pytestmark = pytest.mark.django_db

LIST_VIEWS = [
    ("referrals:inbox", "reviewer"),
    ("referrals:agenda", "reviewer"),
    ("referrals:outbox", "sender"),
    ("referrals:caseload", "key_worker"),
    ("referrals:client_list", "sender"),
    ("referrals:notifications", "reviewer"),
]
MAX_QUERIES = 16


def _many(case, count):
    referrals = [case.make(S.SUBMITTED) for _ in range(count)]
    for referral in referrals[::3]:
        CaseFlag.objects.create(referral=referral, kind="risk", reason="x", raised_by=case.sender)
    return referrals


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name,who", LIST_VIEWS)
def test_list_views_use_a_fixed_number_of_queries(
    client, case, name, who, django_assert_max_num_queries
):
    user = getattr(case, who)
    client.force_login(user)
    _many(case, 2)
    client.get(reverse(name))  # warm the per-process caches (content types, sessions)
    few = _count(client, reverse(name))
    _many(case, 23)  # 25 rows: a full page
    client.get(reverse(name))  # the new referrals' notifications are counted (and kept)
    many = _count(client, reverse(name))
    assert many == few, f"{name}: {few} queries for 2 rows, {many} for 25"
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse(name))


# The inbox, outbox and agenda with the content cache on, as they are served: the page of
# rows, and on a session's first page the user (with the secretariat answer), their
# memberships and the unread count; the session comes from the shared cache (one statement
# more with the database engine) and the programme filter from the content cache
# (docs/decisions/0004, "The page around the list").
BOX_MAX_QUERIES = 4 if settings.SESSION_ENGINE.endswith("cached_db") else 5


@pytest.mark.usefixtures("page_cache_on")
@pytest.mark.parametrize("name,who", LIST_VIEWS[:3])
def test_the_boxes_read_four_statements(client, case, name, who, django_assert_max_num_queries):
    _many(case, 3)
    client.force_login(getattr(case, who))
    client.get(reverse(name))  # the programme filter computed and kept
    with django_assert_max_num_queries(BOX_MAX_QUERIES):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 4  # the heading's and three rows


def test_filtered_list_uses_a_fixed_number_of_queries(client, case, django_assert_max_num_queries):
    _many(case, 12)
    client.force_login(case.reviewer)
    url = (
        reverse("referrals:inbox")
        + f"?status=submitted&urgency=soon&overdue=&q=K-&programme={case.programme.pk}"
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200


def test_filters_narrow_the_inbox(client, case):
    referrals = _many(case, 3)
    services.referral_start_review(referral=referrals[0], user=case.reviewer)
    client.force_login(case.reviewer)
    page = client.get(reverse("referrals:inbox") + "?status=under_review").content.decode()
    assert referrals[0].reference in page
    assert referrals[1].reference not in page
    page = client.get(reverse("referrals:inbox") + f"?q={referrals[2].reference}").content.decode()
    assert referrals[2].reference in page and referrals[1].reference not in page


# --- Transitions: the permission sync does not grow with the client's referrals ------------

# The accept after the warm-up: the request, the decision form and its checks, the locked
# referral, the save with its history, the permission sync, one INSERT of notifications,
# the decision with who was present, and the test's own read-back (60 before decision 0006).
ACCEPT_MAX_QUERIES = 33


def _accept_queries(client, case, referral) -> int:
    url = reverse("referrals:action", args=[referral.public_id, "accept"])
    data = {
        "meeting_date": datetime.date.today().isoformat(),
        "members_present": [case.reviewer.pk],
        "reason": "",
    }
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    return len(captured)


def _referral_perm_rows(referral):
    return set(
        ReferralGroupObjectPermission.objects.filter(content_object=referral).values_list(
            "group_id", "permission__codename"
        )
    )


def test_accept_uses_the_same_queries_however_many_referrals_the_client_has(
    client, case, django_assert_max_num_queries
):
    client.force_login(case.reviewer)
    warm = case.make(S.UNDER_REVIEW)
    _accept_queries(client, case, warm)  # warm the per-process caches
    first = case.make(S.UNDER_REVIEW)
    few = _accept_queries(client, case, first)
    # Twelve more referrals of the same client in every state the sync treats differently.
    others = [case.make(status) for status in (S.SUBMITTED, S.DRAFT, S.DECLINED) * 4]
    second = case.make(S.UNDER_REVIEW)
    many = _accept_queries(client, case, second)
    assert many == few, f"accept: {few} queries with 3 referrals, {many} with 16"
    third = case.make(S.UNDER_REVIEW)
    with django_assert_max_num_queries(ACCEPT_MAX_QUERIES):
        _accept_queries(client, case, third)
    # The sync still made every row exact: the accepted referral gives the receiving social
    # workers the change permission, the others keep what a fresh full sync computes.
    receiver_sw = permissions.casework_group(case.orgs.receiver.organisation.pk, "social_worker")
    assert (receiver_sw.pk, "change_referral") in _referral_perm_rows(third)
    for referral in [*others, first, second, third]:
        referral.refresh_from_db()
        assert _referral_perm_rows(referral) == permissions.referral_desired_group_perms(referral)


def test_client_sync_only_writes_what_changed(case):
    referrals = [case.make(status) for status in (S.SUBMITTED, S.DRAFT, S.UNDER_REVIEW)]
    client_row = Client.objects.get(pk=case.client.pk)
    with CaptureQueriesContext(connection) as captured:
        permissions.client_sync_perms(client_row)
    writes = [
        q["sql"] for q in captured.captured_queries if q["sql"].startswith(("INSERT", "DELETE"))
    ]
    assert writes == [], "a sync of an unchanged case must not write"
    reads_few = len(captured)
    case.make(S.SUBMITTED)
    case.make(S.DECLINED)
    with CaptureQueriesContext(connection) as captured:
        permissions.client_sync_perms(client_row)
    assert len(captured) == reads_few
    # A removed row comes back, an extra row goes, in one insert and one delete.
    target = referrals[0]
    ReferralGroupObjectPermission.objects.filter(content_object=target).delete()
    stray = permissions.casework_group(case.orgs.third.organisation.pk, "case_reviewer")
    assign_perm("decide_referral", stray, referrals[1])
    with CaptureQueriesContext(connection) as captured:
        permissions.client_sync_perms(client_row)
    kinds = [q["sql"].split()[0] for q in captured.captured_queries]
    assert kinds.count("INSERT") == 1 and kinds.count("DELETE") == 1
    for referral in referrals:
        assert _referral_perm_rows(referral) == permissions.referral_desired_group_perms(referral)
