"""List views answer in a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from referrals import services
from referrals.models import CaseFlag
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
    many = _count(client, reverse(name))
    assert many == few, f"{name}: {few} queries for 2 rows, {many} for 25"
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse(name))


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
