"""Reading a client's data logs the read in a transaction of its own that does not wait
for the disk (referrals.services.client_record_read); inside a caller's transaction the
row commits (or rolls back) with the caller, whose commit is left as it is
(docs/decisions/0004). The test database runs with synchronous_commit off for speed
(portal/settings/test.py), so the tests look at what the service asks for."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from referrals import services
from referrals.models import ClientAccessLog
from referrals.services import clients as client_services

pytestmark = pytest.mark.django_db
RELAX = "SET LOCAL synchronous_commit = off"


def _read(case, reference):
    services.client_record_read(
        user=case.reviewer, client=case.client, via="referral_page", object_reference=reference
    )


def test_a_read_outside_any_transaction_is_logged_without_waiting_for_the_disk(case, monkeypatch):
    # As in a view (autocommit, no transaction open); the test's own transaction is hidden.
    monkeypatch.setattr(client_services, "_outside_transactions", lambda connection: True)
    with CaptureQueriesContext(connection) as captured:
        _read(case, "P-1")
    statements = [q["sql"] for q in captured.captured_queries]
    assert RELAX in statements
    assert statements.index(RELAX) < next(
        i for i, sql in enumerate(statements) if sql.startswith("INSERT")
    )
    row = ClientAccessLog.objects.get(client=case.client, user=case.reviewer)
    assert row.object_reference == "P-1"


def _read_and_fail(case):
    with transaction.atomic():
        _read(case, "P-2")
        assert ClientAccessLog.objects.filter(object_reference="P-2").exists()
        raise RuntimeError


def test_inside_a_transaction_the_read_commits_with_it_and_relaxes_nothing(case):
    with CaptureQueriesContext(connection) as captured, pytest.raises(RuntimeError):
        _read_and_fail(case)
    assert RELAX not in [q["sql"] for q in captured.captured_queries]
    assert not ClientAccessLog.objects.filter(object_reference="P-2").exists()
