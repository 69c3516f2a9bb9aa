"""Two case reviewers decide the same referral at the same moment: the row lock makes
exactly one of them win, on the real PostgreSQL. Two payment lists imported at the same
moment record each payment once."""

import threading
import time

import pytest
from django.db import connection

from partners.models import ReasonCode
from referrals import services
from referrals.errors import PaymentListInvalid, ReferralError, TransitionNotAllowed
from referrals.models import Payment, PaymentImport, Referral
from referrals.services import base_action, payment_import
from tests.partners.factories import MembershipFactory, UserFactory
from tests.referrals.conftest import S
from tests.referrals.finance_helpers import account, months_ago, stay_since


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_accept_and_decline_at_once_exactly_one_wins(case, orgs, monkeypatch):
    referral = case.make(S.UNDER_REVIEW)
    other_reviewer = UserFactory(username="mesto-komise-druha")
    MembershipFactory(
        user=other_reviewer, organisation=orgs.receiver.organisation, role="case_reviewer"
    )
    capacity = ReasonCode.objects.get(code_list="decline", code="capacity")
    original_lock = base_action.lock_referral

    def slow_lock(pk):
        # Hold the lock a while, so that the other decision surely arrives meanwhile.
        locked = original_lock(pk)
        time.sleep(0.3)
        return locked

    monkeypatch.setattr(base_action, "lock_referral", slow_lock)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(name, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[name] = "won"
        except ReferralError as error:
            outcomes[name] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=decide,
            args=(
                "accept",
                lambda: services.referral_accept(referral=referral, user=case.reviewer),
            ),
        ),
        threading.Thread(
            target=decide,
            args=(
                "decline",
                lambda: services.referral_decline(
                    referral=referral,
                    user=other_reviewer,
                    reason="Kapacita je naplněna.",
                    reason_code=capacity,
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [name for name, outcome in outcomes.items() if outcome == "won"]
    losers = [outcome for outcome in outcomes.values() if outcome != "won"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], TransitionNotAllowed)
    final = Referral.objects.get(pk=referral.pk)
    assert final.status == {"accept": S.ACCEPTED, "decline": S.DECLINED}[winners[0]]
    decisions = final.history.filter(
        history_change_reason__in=["referral.accept", "referral.decline"]
    )
    assert decisions.count() == 1


def _at_once(*calls) -> list:
    """Run the calls in two threads released together; what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except ReferralError as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_payment_lists_uploaded_at_the_same_moment_record_each_payment_once(case, monkeypatch):
    """The same file twice, then two overlapping exports, each pair at once: the
    organisation's imports wait for one another, so one file is refused in Czech (not a
    500 from the unique constraint) and the overlap's payments are recorded once."""
    stay = stay_since(case, 3)
    account(stay, case.receiver_worker, rent=2500, services_=0, symbol="77")
    refresh = payment_import.account_refresh

    def slow_refresh(*args, **kwargs):
        time.sleep(0.3)  # inside the import's transaction: the other one arrives meanwhile
        return refresh(*args, **kwargs)

    monkeypatch.setattr(payment_import, "account_refresh", slow_refresh)

    def importing(*lines, name):
        content = ("\r\n".join(lines) + "\r\n").encode()
        return lambda: services.payments_import(
            user=case.receiver_worker,
            organisation=case.programme.organisation,
            content=content,
            file_name=name,
        )

    day = lambda back, d: months_ago(back, d).strftime("%-d. %-m. %Y")  # noqa: E731
    same = importing(f"{day(3, 10)};77;2 500", name="a.csv")
    first, second = _at_once(same, same)
    refused = [o for o in (first, second) if isinstance(o, PaymentListInvalid)]
    assert len(refused) == 1 and "už byl importován" in refused[0].message
    assert Payment.objects.count() == 1

    march = importing(f"{day(2, 10)};77;2 500", f"{day(2, 20)};77;100", name="b.csv")
    overlap = importing(f"{day(2, 20)};77;100", f"{day(1, 10)};77;2 500", name="c.csv")
    results = _at_once(march, overlap)
    assert all(isinstance(r, payment_import.ImportResult) for r in results), results
    assert sorted(r.imported for r in results) == [1, 2]
    assert sum(len(r.duplicates) for r in results) == 1
    assert Payment.objects.count() == 4
    assert PaymentImport.objects.count() == 3
