"""Reads of allocation, filtered by what the user may see. A `None` means 404."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.paging import UncountedPaginator
from partners.models import Programme
from partners.selectors import active_memberships
from referrals import permissions as referral_permissions

from . import permissions
from .capacity import capacity_board as capacity_board  # read through selectors
from .history import history_rows
from .matching import RANK_ORDER, ahead_of, match_flat, rank_expression
from .models import District, EntryStatus, Flat, MemberScore, Offer, WaitingListEntry

# Rows on the allocation home page, per list.
HOME_ROWS = 50
# Offers of one flat shown on its page, newest first.
FLAT_OFFERS = 20


def programmes_for_commission(user) -> QuerySet[Programme]:
    return Programme.objects.filter(
        organisation_id__in=permissions.commission_programme_org_ids(user)
    ).select_related("organisation", "stage")


def programme_for_commission(user, programme_id: int) -> Programme | None:
    return programmes_for_commission(user).filter(pk=programme_id).first()


def entries_visible_to(user, programme: Programme | None = None) -> QuerySet[WaitingListEntry]:
    """Entries whose referral the user may view. The programme's own case-review group may
    view every submitted referral to it (referrals.permissions.referral_desired_group_perms
    grants it, and entries come only from accepted referrals), so for its members the
    list of that programme needs no per-object lookup; everyone else goes through
    guardian's rows, probed for each entry read (referrals.permissions.
    referrals_granted_each, docs/decisions/0004) rather than hashed from every row the
    user's groups hold, with the organisations of referrals_visible_to_qs."""
    if programme is not None and permissions.is_commission_member(user, programme):
        return WaitingListEntry.objects.filter(programme=programme)
    organisation_ids = referral_permissions.user_organisation_ids(user)
    entries = WaitingListEntry.objects.filter(
        Q(referral__sender_organisation_id__in=organisation_ids)
        | Q(referral__receiver_organisation_id__in=organisation_ids)
        | Q(referral__client__responsible_organisation_id__in=organisation_ids)
    )
    return referral_permissions.referrals_granted_each(user, entries, referral="referral_id")


def waiting_list(
    user, programme: Programme, *, district=None, status: str = EntryStatus.WAITING
) -> QuerySet[WaitingListEntry]:
    """The ranked list of one programme (optionally one district: applicants who want it
    or have no preference), only entries whose referral the user may view. `rank` is the
    place on the programme's whole waiting list."""
    entries = entries_visible_to(user, programme).filter(programme=programme)
    if status:
        entries = entries.filter(status=status)
    if district is not None:
        prefs = WaitingListEntry.preferred_districts.through.objects.filter(
            waitinglistentry_id=OuterRef("pk")
        )
        entries = entries.filter(Exists(prefs.filter(district=district)) | ~Exists(prefs))
    entries = entries.select_related("referral", "stage").order_by(*RANK_ORDER)
    if status == EntryStatus.WAITING:
        # the rank on the programme's whole list, counted only for the rows shown
        entries = entries.annotate(rank=rank_expression())
    return entries


def entry_for(user, public_id) -> WaitingListEntry | None:
    entry = (
        WaitingListEntry.objects.select_related(
            "referral__client", "programme__organisation", "stage", "scored_by"
        )
        .filter(public_id=public_id)
        .first()
    )
    if entry is None or not permissions.can_view_entry(user, entry):
        return None
    return entry


def entry_rank(entry: WaitingListEntry) -> int | None:
    if entry.status != EntryStatus.WAITING:
        return None
    ahead = WaitingListEntry.objects.filter(
        programme_id=entry.programme_id, status=EntryStatus.WAITING
    ).filter(ahead_of(entry.score, entry.waiting_since, entry.submitted_at, entry.pk))
    return ahead.count() + 1


def _role_orgs(user, *roles) -> set[int]:
    return {m.organisation_id for m in active_memberships(user) if m.role in roles}


def _seen_by(user, model, *, owner: str, programme: str):
    """Flats and offers are seen by the case reviewers of the flat's owner and of the
    programme, and by the reviewers and social workers of the support provider; `owner` and
    `programme` are the paths from `model` to the flat's owner and to the programme."""
    reviewer = _role_orgs(user, permissions.CASE_REVIEWER)
    support = _role_orgs(user, permissions.CASE_REVIEWER, permissions.SOCIAL_WORKER)
    if not support:
        return model.objects.none()
    return model.objects.filter(
        Q(**{f"{owner}_id__in": reviewer})
        | Q(support_provider_id__in=support)
        | Q(**{f"{programme}__organisation_id__in": reviewer})
    )


def flats_visible_to(user) -> QuerySet[Flat]:
    return _seen_by(user, Flat, owner="owner", programme="programme").select_related(
        "district", "programme__organisation", "stage", "owner", "support_provider"
    )


def flat_list_page(user, *, per_page: int, page: object = None) -> dict:
    """One page of the flats the user sees, in a total order (district, address, id), not
    counted (core.paging)."""
    flats = flats_visible_to(user).order_by("district__name", "address", "pk")
    page_obj = UncountedPaginator(flats, per_page).get_page(page)
    return {"flats": page_obj.object_list, "page_obj": page_obj}


def flat_for(user, public_id) -> Flat | None:
    return flats_visible_to(user).filter(public_id=public_id).first()


def offers_visible_to(user) -> QuerySet[Offer]:
    return _seen_by(user, Offer, owner="flat__owner", programme="entry__programme").select_related(
        "flat__district",
        "flat__owner",
        "flat__programme",
        "entry__referral__client",
        "entry__programme",
        "support_provider",
        "support_worker",
        "owner_accepted_by",
        "support_accepted_by",
    )


def offer_for(user, public_id) -> Offer | None:
    return offers_visible_to(user).filter(public_id=public_id).first()


# --- What each page shows ---------------------------------------------------------------
# One call per page, so that the views only parse input, call it and render.


def home_page(user) -> dict:
    return {
        "programmes": programmes_for_commission(user),
        "flats": flats_visible_to(user)[:HOME_ROWS],
        "offers": offers_visible_to(user).filter(status=Offer.Status.PENDING)[:HOME_ROWS],
        "can_view_capacity": permissions.can_view_capacity(user),
    }


def waiting_list_page(
    user,
    programme: Programme,
    *,
    district_id: str | None,
    status: str,
    per_page: int,
    page: object = None,
) -> dict:
    """One page of the list filtered by a district picked from all districts (an unknown
    id means all districts). Pages are not counted: a page reads its rows and one more
    to know whether a next page exists; the rank shown is the place on the whole list."""
    districts = list(District.objects.all())
    district = next((d for d in districts if str(d.pk) == district_id), None)
    entries = waiting_list(user, programme, district=district, status=status)
    page_obj = UncountedPaginator(entries, per_page).get_page(page)
    return {
        "programme": programme,
        "entries": page_obj.object_list,
        "page_obj": page_obj,
        "districts": districts,
        "district": district,
        "status": status,
        "statuses": EntryStatus.choices,
    }


def entry_page(user, entry: WaitingListEntry) -> dict:
    return {
        "entry": entry,
        "referral": entry.referral,
        "rank": entry_rank(entry),
        # the decided score's items are its explanation, line by line
        "score_lines": entry.score_items,
        "member_scores": MemberScore.objects.filter(entry=entry).select_related("member"),
        "can_score": permissions.can_score(user, entry),
        "history": history_rows(entry.history.all()),
    }


def flat_page(user, flat: Flat) -> dict:
    """The flat, its recent offers and, for its housing officer while it is vacant, the
    applicants it could go to, best match first."""
    can_manage = permissions.can_manage_flat(user, flat)
    matches = []
    if can_manage and flat.state == Flat.State.VACANT:
        matches = match_flat(flat, entries_visible_to(user, flat.programme))
    return {
        "flat": flat,
        "can_manage": can_manage,
        "matches": matches,
        "offers": flat.offers.select_related("entry__referral")[:FLAT_OFFERS],
        "history": history_rows(flat.history.all()),
    }


def offer_page(user, offer: Offer) -> dict:
    sides = permissions.deciding_sides(user, offer)
    return {
        "offer": offer,
        "sides": sides,
        "owner_pending": Offer.Side.OWNER in sides and not offer.owner_accepted_at,
        "support_pending": Offer.Side.SUPPORT in sides and not offer.support_accepted_at,
        "see_applicant": permissions.can_see_applicant(user, offer),
        "history": history_rows(offer.history.all()),
    }
