"""The allocation records follow their referral: it ends → the applicant leaves the list;
it is anonymised → the free text about the applicant goes too."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from referrals.models import Referral
from referrals.signals import client_anonymising

from .models import MemberScore, Offer, WaitingListEntry
from .services.entries import ENDING_STATUSES, entry_end_with_referral


@receiver(post_save, sender=Referral)
def end_entry_with_referral(sender, instance, raw=False, **kwargs):
    # Decided in Python first: other saves of a referral cost no query here.
    if not raw and instance.status in ENDING_STATUSES:
        entry_end_with_referral(referral=instance)


@receiver(client_anonymising)
def scrub_allocation_free_text(sender, client, referral_ids, **kwargs):
    """Blank the commission's notes, status reasons and refusal reasons of the client's
    entries, live and in history. Points, criteria, preferences, dates and the refusal
    category stay: they are what the waiting list's order and the barriers report need."""
    entries = WaitingListEntry.objects.filter(referral_id__in=referral_ids)
    entry_ids = list(entries.values_list("pk", flat=True))
    if not entry_ids:
        return
    entries.update(score_note="", status_reason="")
    WaitingListEntry.history.filter(id__in=entry_ids).update(score_note="", status_reason="")
    MemberScore.objects.filter(entry_id__in=entry_ids).update(note="")
    MemberScore.history.filter(entry_id__in=entry_ids).update(note="")
    Offer.objects.filter(entry_id__in=entry_ids).update(refusal_reason="")
    Offer.history.filter(entry_id__in=entry_ids).update(refusal_reason="")
