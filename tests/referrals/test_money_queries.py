"""The money on the referral pages answers in a fixed number of queries, however many months
and payments a stay has, and the inbox is not slowed by it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from referrals import services
from tests.referrals.conftest import S
from tests.referrals.finance_helpers import account, months_ago, pay_every_month, rules, stay_since

pytestmark = pytest.mark.django_db

# 35: the menu asks once per page whether the user is the secretariat, who may open the
# outcome figures (issue 17, point 6).
DETAIL_MAX_QUERIES = 35
INBOX_MAX_QUERIES = 16  # as test_query_counts.MAX_QUERIES


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_stay_page_with_its_account_uses_a_fixed_number_of_queries(
    client, case, affordable_programme, django_assert_max_num_queries
):
    rules(case.programme, tier_up=affordable_programme, up_after_months=6)
    stay = stay_since(case, 24)
    account(stay, case.receiver_worker, rent=2500, services_=700, deposit=1000, instalments=3)
    pay_every_month(stay, case.receiver_worker, 3200, months=2)
    services.breach_record(
        stay=stay, user=case.receiver_worker, occurred_on=months_ago(1), description="Hluk"
    )
    url = stay.referral.get_absolute_url()
    client.force_login(case.receiver_worker)
    client.get(url)  # warm the per-process caches
    few = _count(client, url)
    pay_every_month(stay, case.receiver_worker, 3200, months=24, day=2)
    many = _count(client, url)
    assert many == few, f"{few} queries with 3 payments, {many} with 28"
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        client.get(url)


def test_the_payment_record_for_a_deciding_programme_uses_a_fixed_number_of_queries(
    client, case, django_assert_max_num_queries
):
    past = [stay_since(case, 12) for _ in range(2)]
    for number, stay in enumerate(past):
        account(stay, case.receiver_worker, rent=3000, services_=0, symbol=str(100 + number))
    referral = case.make(S.SUBMITTED)
    url = referral.get_absolute_url()
    client.force_login(case.reviewer)  # the assessment consent shares the finances
    client.get(url)
    few = _count(client, url)
    assert 'data-testid="payment-record"' in client.get(url).content.decode()
    for stay in past:
        pay_every_month(stay, case.receiver_worker, 3000, months=12)
    assert _count(client, url) == few
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        client.get(url)


def test_the_inbox_is_not_slowed_by_accounts(client, case, django_assert_max_num_queries):
    for stay in (stay_since(case, 6), stay_since(case, 6)):
        account(stay, case.receiver_worker)
        pay_every_month(stay, case.receiver_worker, 3000, months=6)
    client.force_login(case.reviewer)
    with django_assert_max_num_queries(INBOX_MAX_QUERIES):
        client.get(reverse("referrals:inbox"))
