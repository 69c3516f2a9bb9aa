"""The waiting list (entries from accepted referrals, preferences, status) and scoring."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import save_with_history
from referrals import permissions as referral_permissions
from referrals import workflow
from referrals.models import Referral

from .. import permissions
from ..errors import AllocationError, NotPermitted, WrongState
from ..models import EntryStatus, MemberScore, ScoringCriterion, WaitingListEntry

# --- Waiting list -----------------------------------------------------------------------


def _household_size(referral: Referral) -> int:
    return max(1, referral.client.household_members.count())


@transaction.atomic
def entry_create(*, referral: Referral, user, **preferences) -> WaitingListEntry:
    """Put an accepted referral on its programme's waiting list (once)."""
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("client", "programme__stage")
        .get(pk=referral.pk)
    )
    if not (
        permissions.is_commission_member(user, referral.programme)
        and referral_permissions.can_view_referral(user, referral)
    ):
        raise NotPermitted()
    if referral.status != workflow.Status.ACCEPTED or referral.is_archived:
        raise WrongState(_("Only an accepted referral can be put on the waiting list."))
    if WaitingListEntry.objects.filter(referral=referral).exists():
        raise WrongState(_("This referral is already on the waiting list."))
    districts = preferences.pop("preferred_districts", None)
    waiting_since = referral.decided_at or timezone.now()
    entry = WaitingListEntry(
        referral=referral,
        programme=referral.programme,
        stage=referral.programme.stage,
        waiting_since=waiting_since,
        submitted_at=referral.submitted_at or waiting_since,
        household_size=preferences.pop("household_size", None) or _household_size(referral),
        **preferences,
    )
    try:
        with transaction.atomic():
            save_with_history(entry, user=user, reason="allocation.entry_created")
    except IntegrityError as error:
        raise WrongState(_("This referral is already on the waiting list.")) from error
    if districts:
        entry.preferred_districts.set(districts)
    return entry


def entries_add_accepted(*, programme, user) -> int:
    """Every accepted referral of the programme the user may see, not yet on the list."""
    if not permissions.is_commission_member(user, programme):
        raise NotPermitted()
    referrals = (
        referral_permissions.referrals_visible_to_qs(user)
        .filter(
            programme=programme,
            status=workflow.Status.ACCEPTED,
            archived_at__isnull=True,
            waiting_list_entry__isnull=True,
        )
        .select_related("client", "sender_organisation", "receiver_organisation")
    )
    added = 0
    for referral in referrals:
        entry_create(referral=referral, user=user)
        added += 1
    return added


def _lock_entry(entry: WaitingListEntry) -> WaitingListEntry:
    return (
        WaitingListEntry.objects.select_for_update(of=("self",))
        .select_related("referral__client", "programme")
        .get(pk=entry.pk)
    )


def _check_commission(user, entry: WaitingListEntry) -> None:
    if not permissions.can_score(user, entry):
        raise NotPermitted()


@transaction.atomic
def entry_update_preferences(
    *,
    entry: WaitingListEntry,
    user,
    household_size: int,
    min_rooms: int,
    needs_accessible: bool,
    near_school: bool,
    near_kindergarten: bool,
    preferred_districts: Iterable = (),
) -> WaitingListEntry:
    entry = _lock_entry(entry)
    _check_commission(user, entry)
    if household_size < 1 or min_rooms < 1:
        raise AllocationError(_("A household has at least one person and needs one room."))
    entry.household_size = household_size
    entry.min_rooms = min_rooms
    entry.needs_accessible = needs_accessible
    entry.near_school = near_school
    entry.near_kindergarten = near_kindergarten
    save_with_history(entry, user=user, reason="allocation.preferences")
    entry.preferred_districts.set(list(preferred_districts))
    return entry


# Status changes a commission member makes by hand; offered and housed follow offers.
MANUAL_STATUS = {
    EntryStatus.SUSPENDED: {EntryStatus.WAITING},
    EntryStatus.REMOVED: {EntryStatus.WAITING, EntryStatus.SUSPENDED},
    EntryStatus.WAITING: {EntryStatus.SUSPENDED},
}


@transaction.atomic
def entry_set_status(*, entry: WaitingListEntry, user, status: str, reason: str = ""):
    entry = _lock_entry(entry)
    _check_commission(user, entry)
    if entry.status not in MANUAL_STATUS.get(status, set()):
        raise WrongState()
    reason = (reason or "").strip()
    if status in (EntryStatus.SUSPENDED, EntryStatus.REMOVED) and not reason:
        raise AllocationError(_("Please give a reason."))
    entry.status = status
    entry.status_reason = reason
    save_with_history(entry, user=user, reason=f"allocation.entry_{status}")
    return entry


# Referral statuses that end an application: the applicant leaves the list.
ENDING_STATUSES = frozenset({workflow.Status.WITHDRAWN, workflow.Status.CLOSED})


@transaction.atomic
def entry_end_with_referral(*, referral: Referral) -> WaitingListEntry | None:
    """The referral was withdrawn or closed before a move-in: its entry leaves the list, and
    an offer still awaiting acceptance is refused on the applicant's side, freeing the flat.
    Runs inside the referral transition's transaction (see allocation.signals)."""
    from ..models import Flat, Offer

    entry = (
        WaitingListEntry.objects.select_for_update()
        .filter(referral_id=referral.pk)
        .exclude(status__in=(EntryStatus.HOUSED, EntryStatus.REMOVED))
        .first()
    )
    if entry is None:
        return None
    for offer in Offer.objects.select_for_update().filter(entry=entry, status=Offer.Status.PENDING):
        offer.status = Offer.Status.REFUSED
        offer.refused_by_side = Offer.Side.APPLICANT
        offer.refusal_category = Offer.RefusalCategory.OTHER
        offer.decided_at = timezone.now()
        save_with_history(offer, user=None, reason="allocation.offer_referral_ended")
        flat = Flat.objects.select_for_update().get(pk=offer.flat_id)
        flat.state = Flat.State.VACANT
        save_with_history(flat, user=None, reason="allocation.offer_referral_ended")
    entry.status = EntryStatus.REMOVED
    entry.status_reason = str(_("The referral was withdrawn or closed."))
    save_with_history(entry, user=None, reason="allocation.entry_referral_ended")
    return entry


# --- Scoring ----------------------------------------------------------------------------


def _score_items(entry: WaitingListEntry, criterion_ids: Iterable) -> list[dict]:
    wanted = {int(pk) for pk in criterion_ids}
    criteria = ScoringCriterion.objects.filter(programme_id=entry.programme_id, is_active=True)
    known = {c.pk: c for c in criteria}
    if wanted - set(known):
        raise AllocationError(_("Choose only criteria of this programme's points table."))
    return [known[pk].as_item() for pk in sorted(wanted, key=lambda pk: known[pk].sort_order)]


def explain_score(items: list[dict]) -> tuple[int, list[dict]]:
    """The total and the lines that make it up, criterion by criterion."""
    return sum(item["points"] for item in items), items


@transaction.atomic
def score_record(*, entry: WaitingListEntry, user, criterion_ids: Iterable, note: str = ""):
    """One commission member's scoring; a second scoring by the same member replaces the
    first, and both stay in the history."""
    entry = _lock_entry(entry)
    _check_commission(user, entry)
    if entry.status in (EntryStatus.HOUSED, EntryStatus.REMOVED):
        raise WrongState()
    items = _score_items(entry, criterion_ids)
    score = MemberScore.objects.filter(entry=entry, member=user).first() or MemberScore(
        entry=entry, member=user
    )
    score.items = items
    score.total = sum(item["points"] for item in items)
    score.note = (note or "").strip()
    save_with_history(score, user=user, reason="allocation.member_scored")
    return score


@transaction.atomic
def score_decide(*, entry: WaitingListEntry, user, criterion_ids: Iterable, note: str = ""):
    """The commission's final score, which ranks the applicant on the list."""
    entry = _lock_entry(entry)
    _check_commission(user, entry)
    if entry.status in (EntryStatus.HOUSED, EntryStatus.REMOVED):
        raise WrongState()
    items = _score_items(entry, criterion_ids)
    entry.score_items = items
    entry.score = sum(item["points"] for item in items)
    entry.score_note = (note or "").strip()
    entry.scored_at = timezone.now()
    entry.scored_by = user
    save_with_history(entry, user=user, reason="allocation.score_decided")
    return entry
