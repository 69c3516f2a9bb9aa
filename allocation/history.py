"""The history (django-simple-history) of allocation records, with readable reasons."""

from django.utils.translation import gettext_lazy as _

from core.history import history_rows as _history_rows

CHANGE_REASONS = {
    "allocation.entry_created": _("Put on the waiting list"),
    "allocation.preferences": _("Preferences changed"),
    "allocation.entry_waiting": _("Waiting again"),
    "allocation.entry_suspended": _("Suspended"),
    "allocation.entry_removed": _("Removed from the list"),
    "allocation.member_scored": _("Scored by a commission member"),
    "allocation.score_decided": _("Commission's score decided"),
    "allocation.flat_created": _("Flat recorded"),
    "allocation.flat_updated": _("Flat changed"),
    "allocation.offer_made": _("Flat offered"),
    "allocation.offer_accepted_owner": _("Accepted by the owner"),
    "allocation.offer_accepted_support": _("Accepted by the support provider"),
    "allocation.offer_refused": _("Offer refused"),
    "allocation.flat_let": _("Flat let"),
    "allocation.entry_housed": _("Applicant housed"),
    "allocation.entry_referral_ended": _("Referral withdrawn or closed: removed from the list"),
    "allocation.offer_referral_ended": _("Referral withdrawn or closed: offer ended"),
}


def history_rows(records, limit: int = 30) -> list[dict]:
    return _history_rows(records, CHANGE_REASONS, limit)
