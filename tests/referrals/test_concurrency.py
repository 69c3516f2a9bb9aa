"""Two case reviewers decide the same referral at the same moment: the row lock makes
exactly one of them win, on the real PostgreSQL."""

import threading
import time

import pytest
from django.db import connection

from referrals import services
from referrals.errors import ReferralError, TransitionNotAllowed
from referrals.models import Referral
from referrals.services import base_action
from tests.partners.factories import MembershipFactory, UserFactory
from tests.referrals.conftest import S


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_accept_and_decline_at_once_exactly_one_wins(case, orgs, monkeypatch):
    referral = case.make(S.UNDER_REVIEW)
    other_reviewer = UserFactory(username="mesto-komise-druha")
    MembershipFactory(
        user=other_reviewer, organisation=orgs.receiver.organisation, role="case_reviewer"
    )
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
                    referral=referral, user=other_reviewer, reason="Kapacita je naplněna."
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
