"""The referral page reads what it shows in as few statements as the case needs: a referral
that nothing followed asks for no later referral, and the user's group rows on the referral
and on its client come in one statement."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from referrals import permissions
from referrals.models import Referral
from tests.referrals.conftest import S
from tests.referrals.finance_helpers import stay_since

pytestmark = pytest.mark.django_db

# The page of a referral awaiting a decision, as the receiving reviewer sees it: the user
# (the session comes from the cache), the referral, the memberships, the group rows (one
# statement), the two people, the consents, the stay (none yet), the answers, attachments,
# flags and decisions, the client's household, agencies and benefits, the access log, the
# history, the programme's methodologies (two, until the library cache has them), the
# payment record, the unread notifications (until the shared cache keeps their count) and
# the target groups.
UNDER_REVIEW_QUERIES = 21


def _statements(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _reading(statements, table) -> list[str]:
    return [sql for sql in statements if re.search(rf'FROM "{table}"', sql)]


def test_a_referral_awaiting_a_decision_asks_for_no_later_referral(client, case):
    referral = case.make(S.UNDER_REVIEW)
    client.force_login(case.reviewer)
    client.get(referral.get_absolute_url())  # warm the per-process caches
    statements = _statements(client, referral.get_absolute_url())
    # the referral itself is the only referral read by its public id; no "next in chain"
    assert not [sql for sql in statements if '"previous_id" =' in sql and "EXISTS" not in sql]
    group_rows = [sql for sql in statements if "groupobjectpermission" in sql]
    assert len(group_rows) == 1 and "UNION ALL" in group_rows[0]
    assert len(statements) <= UNDER_REVIEW_QUERIES, "\n".join(statements)


def test_the_chain_and_the_stay_still_show_where_they_exist(client, case):
    stay = stay_since(case, 3)
    placed = stay.referral
    later = case.make(S.DRAFT)
    Referral.objects.filter(pk=later.pk).update(previous=placed, kind=Referral.Kind.TRANSFER)
    client.force_login(case.receiver_worker)
    page = client.get(placed.get_absolute_url()).content.decode()
    assert 'id="pobyt"' in page  # the stay's section
    assert 'id="chain-heading"' in page and later.reference.replace("-", "") in re.sub(
        r"[^0-9A-Za-z]", "", page
    )  # the path of the case with the referral that followed
    statements = _statements(client, placed.get_absolute_url())
    assert _reading(statements, "referrals_stay")
    assert [sql for sql in statements if '"previous_id" =' in sql and "EXISTS" not in sql]


def test_one_statement_for_both_group_rows_gives_the_same_access(case):
    """The client's rows fetched with the referral's give what the client's own query
    gives, for every party of the case."""
    referral = case.make(S.UNDER_REVIEW)
    users = [case.sender, case.reviewer, case.key_worker, case.receiver_worker]
    for user in users:
        fresh = Referral.objects.select_related("client").get(pk=referral.pk)
        permissions.can_view_referral(user, fresh)  # primes the client's rows
        assert "_group_rows" in fresh.client.__dict__
        together = permissions.client_categories_for(user, fresh.client)
        alone_client = Referral.objects.select_related("client").get(pk=referral.pk).client
        alone = permissions.client_categories_for(user, alone_client)
        assert together == alone, user
        assert permissions.can_view_client(user, fresh.client) == permissions.can_view_client(
            user, alone_client
        )


def test_a_consent_withdrawn_after_the_rows_were_read_counts(case):
    """The client's rows read with the referral's wait on the client instance; a consent
    change forgets them with the rest of the client's access."""
    referral = Referral.objects.select_related("client").get(pk=case.make(S.UNDER_REVIEW).pk)
    permissions.can_view_referral(case.reviewer, referral)
    assert "_group_rows" in referral.client.__dict__
    permissions.forget_client_access(referral.client)
    assert "_group_rows" not in referral.client.__dict__
    assert permissions.client_categories_for(case.reviewer, referral.client) == (
        permissions.client_categories_for(
            case.reviewer, Referral.objects.get(pk=referral.pk).client
        )
    )
