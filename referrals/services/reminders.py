"""Daily reminders: overdue visits, leases ending soon, referrals waiting too long for an
answer, arrears above the programme's threshold. Each reminder carries a dedup key (what,
which record, which due date or month), so running the job twice a day, or after an
outage, never sends one twice."""

import datetime

from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from partners.models import Membership, VisitPhase
from partners.rules import renewal_possible, visit_schedule

from .. import workflow
from ..models import Notification, Referral, Stay, StayAccount
from ..selectors.finance import accounts_loaded
from .finance import account_refresh
from .notifications import notify, organisation_members, receiving_reviewers

# The longest warning any programme may set; the query narrows by it, each stay by its own.
LEASE_WARNING_MAX_DAYS = 366


def _stay_workers(stay: Stay) -> list:
    if stay.support_worker is not None:
        return [stay.support_worker]
    return organisation_members(
        stay.referral.receiver_organisation_id, Membership.Role.SOCIAL_WORKER
    )


def _running_stays():
    return Stay.objects.filter(
        ended_on__isnull=True,
        referral__status=workflow.Status.PLACED,
        referral__archived_at__isnull=True,
    ).select_related("programme", "support_worker", "referral__client__key_worker")


def visits_overdue(today: datetime.date) -> int:
    """A visit is late on the first day further from the last visit (or the move-in) than
    the programme's schedule allows on that day, with the phase in force then (Ostrava:
    weekly for three months, then about twice a week)."""
    sent = 0
    phases = VisitPhase.objects.filter(programme=OuterRef("programme"), interval_days__isnull=False)
    stays = (
        _running_stays()
        .filter(Q(programme__visit_interval_days__isnull=False) | Q(Exists(phases)))
        .annotate(last_visit=Coalesce(Max("visits__visited_on"), "moved_in_on"))
        .prefetch_related("programme__visit_phases")
    )
    for stay in stays:
        schedule = visit_schedule(stay.programme, stay.moved_in_on)
        late_from = schedule.overdue_from(stay.last_visit)
        if late_from is None or today < late_from:
            continue
        due = late_from - datetime.timedelta(days=1)
        sent += len(
            notify(
                kind=Notification.Kind.VISIT_OVERDUE,
                users=_stay_workers(stay),
                referral=stay.referral,
                dedup_key=f"visit:{stay.pk}:{due.isoformat()}",
            )
        )
    return sent


def leases_ending(today: datetime.date) -> int:
    """Each programme says how long before a lease ends its workers hear of it. A lease
    the programme can no longer renew (Přerov's 24 months, the end of Ostrava's project)
    is announced as the last one, so the move on is planned in time."""
    sent = 0
    horizon = today + datetime.timedelta(days=LEASE_WARNING_MAX_DAYS)
    for stay in _running_stays().filter(lease_end__gte=today, lease_end__lte=horizon):
        if (stay.lease_end - today).days > stay.programme.lease_reminder_days:
            continue
        final = not renewal_possible(stay.programme, stay.lease_end, stay.lease_start)
        people = _stay_workers(stay) + [stay.referral.client.key_worker]
        sent += len(
            notify(
                kind=Notification.Kind.LEASE_FINAL if final else Notification.Kind.LEASE_ENDING,
                users=people,
                referral=stay.referral,
                dedup_key=f"lease:{stay.pk}:{stay.lease_end.isoformat()}",
            )
        )
    return sent


def answers_overdue(now: datetime.datetime) -> int:
    sent = 0
    waiting = Referral.objects.filter(
        status__in=workflow.AWAITING_DECISION, answer_due_at__lt=now, archived_at__isnull=True
    ).select_related("created_by", "client__key_worker")
    for referral in waiting:
        people = receiving_reviewers(referral) + [referral.created_by]
        sent += len(
            notify(
                kind=Notification.Kind.ANSWER_OVERDUE,
                users=people,
                referral=referral,
                dedup_key=f"answer:{referral.pk}:{referral.answer_due_at.date().isoformat()}",
            )
        )
    return sent


def arrears_above_threshold(today: datetime.date) -> int:
    """Rent falls due with time, not with a write: each day every running stay's account
    is settled again, its flag raised or cleared, and the key worker of a tenant whose
    arrears are above the programme's threshold is reminded once a month while they are."""
    sent = 0
    accounts = accounts_loaded(
        StayAccount.objects.filter(
            stay__ended_on__isnull=True,
            stay__referral__status=workflow.Status.PLACED,
            stay__referral__archived_at__isnull=True,
        ).select_related("stay__referral__client__key_worker")
    )
    for account in accounts.iterator(chunk_size=500):
        account_refresh(account, today=today, loaded=True)
        if account.arrears_flag_since is None:
            continue
        referral = account.stay.referral
        sent += len(
            notify(
                kind=Notification.Kind.ARREARS,
                users=[referral.client.key_worker],
                referral=referral,
                dedup_key=f"arrears:{account.pk}:{today:%Y-%m}",
            )
        )
    return sent


def reminders_send(now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    return {
        "visits": visits_overdue(today),
        "leases": leases_ending(today),
        "answers": answers_overdue(now),
        "arrears": arrears_above_threshold(today),
    }
