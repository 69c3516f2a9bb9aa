"""Offers of a flat: made, accepted by both sides (the second acceptance moves the client
in through the referral's PLACE step) or refused with a reason."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import save_with_history
from partners.models import Membership, ReasonCode
from referrals import permissions as referral_permissions
from referrals import workflow
from referrals.errors import ReferralError
from referrals.models import Referral
from referrals.services import check_council_resolution, check_lease, referral_transition

from .. import permissions
from ..errors import AllocationError, NotPermitted, SkipReasonRequired, Unsuitable, WrongState
from ..matching import check_entry, suitable_ahead_of
from ..models import EntryStatus, Flat, Offer, WaitingListEntry
from .entries import _lock_entry

# --- Offers -----------------------------------------------------------------------------


@transaction.atomic
def offer_create(
    *,
    flat: Flat,
    entry: WaitingListEntry,
    user,
    lease_start: datetime.date,
    lease_end: datetime.date,
    moved_in_on: datetime.date | None = None,
    support_worker=None,
    support_provider=None,
    skip_code=None,
    skip_note: str = "",
    council_resolution_number: str = "",
    council_resolution_date: datetime.date | None = None,
) -> Offer:
    """The housing officer offers a vacant flat to a suitable applicant. Offering it past
    suitable applicants ranked higher needs a coded reason (kept with a note on the offer)."""
    flat = Flat.objects.select_for_update().select_related("programme").get(pk=flat.pk)
    if not permissions.can_manage_flat(user, flat):
        raise NotPermitted()
    entry = _lock_entry(entry)
    if not permissions.can_view_entry(user, entry):
        raise NotPermitted()
    if flat.state != Flat.State.VACANT:
        raise WrongState(_("The flat is not vacant."))
    if entry.status != EntryStatus.WAITING:
        raise WrongState(_("The applicant is not waiting for a flat now."))
    if entry.programme_id != flat.programme_id:
        raise Unsuitable(_("The applicant waits in another programme."))
    suitable, checks = check_entry(flat, entry)
    if not suitable:
        reasons = " ".join(str(c.text) for c in checks if c.hard and not c.ok)
        raise Unsuitable(
            _("The applicant does not fit this flat: %(reasons)s") % {"reasons": reasons}
        )
    skipped = suitable_ahead_of(flat, entry)
    if skipped:
        skip_code = _skip_code(skip_code)
    else:
        skip_code, skip_note = None, ""
    if moved_in_on is not None and not (lease_start <= moved_in_on <= lease_end):
        raise AllocationError(_("The move-in date must fall within the lease."))
    try:
        check_lease(flat.programme, lease_start, lease_end)
        resolution = check_council_resolution(
            flat.programme, council_resolution_number, council_resolution_date
        )
    except ReferralError as error:
        raise AllocationError(error.message) from error
    receiver_id = entry.referral.receiver_organisation_id
    if (
        support_worker is not None
        and not Membership.objects.filter(
            user=support_worker,
            organisation_id=receiver_id,
            role=Membership.Role.SOCIAL_WORKER,
            is_active=True,
        ).exists()
    ):
        raise AllocationError(
            _("The worker who visits must be a social worker of the receiving programme.")
        )
    offer = Offer(
        flat=flat,
        entry=entry,
        support_provider=support_provider or flat.support_provider,
        lease_start=lease_start,
        lease_end=lease_end,
        moved_in_on=moved_in_on,
        support_worker=support_worker,
        created_by=user,
        skipped_higher_ranked=skipped,
        skip_code=skip_code,
        skip_note=(skip_note or "").strip(),
        **resolution,
    )
    save_with_history(offer, user=user, reason="allocation.offer_made")
    flat.state = Flat.State.OFFERED
    save_with_history(flat, user=user, reason="allocation.offer_made")
    entry.status = EntryStatus.OFFERED
    save_with_history(entry, user=user, reason="allocation.offer_made")
    return offer


def _skip_code(code) -> ReasonCode:
    if code not in (None, "") and not isinstance(code, ReasonCode):
        code = ReasonCode.objects.filter(pk=code).first() if str(code).isdigit() else None
    if code in (None, "") or code.code_list != ReasonCode.List.OFFER_SKIP or not code.is_active:
        raise SkipReasonRequired()
    return code


def _lock_offer(offer: Offer) -> tuple[Offer, Flat, WaitingListEntry]:
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("entry__programme", "flat")
        .get(pk=offer.pk)
    )
    flat = Flat.objects.select_for_update().get(pk=offer.flat_id)
    entry = _lock_entry(offer.entry)
    offer.flat, offer.entry = flat, entry
    return offer, flat, entry


def _lock_pending_offer(offer: Offer, user, side: str) -> tuple[Offer, Flat, WaitingListEntry]:
    """The offer locked for `side` to decide on: the user must decide for that side, and
    nobody has decided it yet."""
    offer, flat, entry = _lock_offer(offer)
    if not permissions.can_view_offer(user, offer) or not permissions.can_decide_offer(
        user, offer, side
    ):
        raise NotPermitted()
    if offer.status != Offer.Status.PENDING:
        raise WrongState(_("The offer has already been decided."))
    return offer, flat, entry


def _placing_user(user, offer: Offer, referral: Referral):
    """Move-in is the referral's PLACE step, which its receiving social workers take. The
    one who records the last acceptance takes it if they may; otherwise the worker who
    visits, named on the offer, is recorded as placing the client."""
    if referral_permissions.can_act(user, referral, workflow.Action.PLACE):
        return user
    worker = offer.support_worker
    if worker is not None and referral_permissions.can_act(worker, referral, workflow.Action.PLACE):
        return worker
    raise AllocationError(
        _(
            "The move-in must be recorded by a social worker of the receiving programme: "
            "name the worker who visits on the offer."
        )
    )


@transaction.atomic
def offer_accept(*, offer: Offer, user, side: str) -> Offer:
    """One side accepts. When both have, the client moves in: the referral's PLACE step
    creates the stay and the lease, the flat is let and the applicant housed."""
    offer, flat, entry = _lock_pending_offer(offer, user, side)
    now = timezone.now()
    if side == Offer.Side.OWNER:
        if offer.owner_accepted_at:
            raise WrongState(_("The owner has already accepted this offer."))
        offer.owner_accepted_at, offer.owner_accepted_by = now, user
    else:
        if offer.support_accepted_at:
            raise WrongState(_("The support provider has already accepted this offer."))
        offer.support_accepted_at, offer.support_accepted_by = now, user
    if not (offer.owner_accepted_at and offer.support_accepted_at):
        save_with_history(offer, user=user, reason=f"allocation.offer_accepted_{side}")
        return offer

    referral = entry.referral
    placer = _placing_user(user, offer, referral)
    try:
        referral = referral_transition(
            referral=referral,
            user=placer,
            action=workflow.Action.PLACE,
            lease_start=offer.lease_start,
            lease_end=offer.lease_end,
            moved_in_on=offer.moved_in_on,
            support_worker=offer.support_worker,
            council_resolution_number=offer.council_resolution_number,
            council_resolution_date=offer.council_resolution_date,
        )
    except ReferralError as error:
        raise AllocationError(error.message) from error
    offer.status = Offer.Status.ACCEPTED
    offer.decided_at = now
    offer.stay = referral.stay
    save_with_history(offer, user=user, reason=f"allocation.offer_accepted_{side}")
    flat.state = Flat.State.LET
    flat.free_from = offer.lease_end
    save_with_history(flat, user=user, reason="allocation.flat_let")
    entry.status = EntryStatus.HOUSED
    save_with_history(entry, user=user, reason="allocation.entry_housed")
    return offer


@transaction.atomic
def offer_refuse(
    *, offer: Offer, user, side: str, refused_by_side: str, category: str, reason: str
) -> Offer:
    """A refusal by the owner, the support provider or the applicant (recorded by one of
    the two), with its reason: the flat is vacant again and the applicant waits again."""
    offer, flat, entry = _lock_pending_offer(offer, user, side)
    if refused_by_side not in (side, Offer.Side.APPLICANT):
        raise NotPermitted(_("You can record a refusal by your side or by the applicant."))
    if category not in Offer.RefusalCategory.values:
        raise AllocationError(_("Choose the kind of reason."))
    reason = (reason or "").strip()
    if not reason:
        raise AllocationError(_("Please give a reason."))
    offer.status = Offer.Status.REFUSED
    offer.refused_by_side = refused_by_side
    offer.refusal_category = category
    offer.refusal_reason = reason
    offer.decided_at = timezone.now()
    save_with_history(offer, user=user, reason="allocation.offer_refused")
    flat.state = Flat.State.VACANT
    save_with_history(flat, user=user, reason="allocation.offer_refused")
    entry.status = EntryStatus.WAITING
    save_with_history(entry, user=user, reason="allocation.offer_refused")
    return offer
