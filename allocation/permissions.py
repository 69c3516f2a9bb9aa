"""Who may do what in allocation. No new membership roles: the commission is the
programme organisation's case-review group, the housing officer is a case reviewer of the
flat's owner, and the support provider acts through its case reviewers or social workers.
Client data on an entry follows the referral's own permissions (referrals.permissions)."""

from partners.models import Membership
from partners.selectors import active_memberships
from referrals import permissions as referral_permissions

from .models import Flat, Offer, WaitingListEntry

CASE_REVIEWER = Membership.Role.CASE_REVIEWER
SOCIAL_WORKER = Membership.Role.SOCIAL_WORKER


def _has_role(user, organisation_id: int, *roles: str) -> bool:
    return referral_permissions.has_casework_role(user, organisation_id, *roles)


def is_commission_member(user, programme) -> bool:
    return _has_role(user, programme.organisation_id, CASE_REVIEWER)


def commission_programme_org_ids(user) -> set[int]:
    return {m.organisation_id for m in active_memberships(user) if m.role == CASE_REVIEWER}


def can_view_entry(user, entry: WaitingListEntry) -> bool:
    return referral_permissions.can_view_referral(user, entry.referral)


def can_score(user, entry: WaitingListEntry) -> bool:
    return is_commission_member(user, entry.programme) and can_view_entry(user, entry)


def is_housing_officer(user, owner_id: int) -> bool:
    return _has_role(user, owner_id, CASE_REVIEWER)


def is_support_member(user, organisation_id: int) -> bool:
    return _has_role(user, organisation_id, CASE_REVIEWER, SOCIAL_WORKER)


def can_view_flat(user, flat: Flat) -> bool:
    return (
        is_housing_officer(user, flat.owner_id)
        or is_support_member(user, flat.support_provider_id)
        or _has_role(user, flat.programme.organisation_id, CASE_REVIEWER)
    )


def can_manage_flat(user, flat: Flat) -> bool:
    return is_housing_officer(user, flat.owner_id)


def can_view_offer(user, offer: Offer) -> bool:
    return (
        is_housing_officer(user, offer.flat.owner_id)
        or is_support_member(user, offer.support_provider_id)
        or _has_role(user, offer.entry.programme.organisation_id, CASE_REVIEWER)
    )


def can_decide_offer(user, offer: Offer, side: str) -> bool:
    if side == Offer.Side.OWNER:
        return is_housing_officer(user, offer.flat.owner_id)
    if side == Offer.Side.SUPPORT:
        return is_support_member(user, offer.support_provider_id)
    return False


def can_see_applicant(user, offer: Offer) -> bool:
    """Who the applicant is (reference, name) only for those who may view the referral."""
    return referral_permissions.can_view_referral(user, offer.entry.referral)


def can_view_capacity(user) -> bool:
    """Members of the coalition: any active membership in a member organisation."""
    return any(m.organisation.is_member for m in active_memberships(user))


def deciding_sides(user, offer: Offer) -> list[str]:
    """The sides of the offer (owner, support provider) the user may accept or refuse for."""
    return [
        side
        for side in (Offer.Side.OWNER, Offer.Side.SUPPORT)
        if can_decide_offer(user, offer, side)
    ]
