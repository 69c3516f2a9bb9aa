"""The allocation records follow their referral: a withdrawn application leaves the list
(freeing a flat on offer), and the erasure of a client blanks the free text about them."""

import datetime

from django.utils import timezone

from allocation import services
from allocation.models import EntryStatus, MemberScore, Offer, WaitingListEntry
from referrals import services as referral_services
from referrals.models import Client, Referral

SECRET = "Matka má u nás dluh z roku 2019"


def _withdraw(alloc, entry):
    return referral_services.referral_withdraw(
        referral=entry.referral, user=alloc.orgs.sender.users["social_worker"]
    )


def test_withdrawn_referral_leaves_the_list_and_frees_the_flat_on_offer(alloc):
    entry = alloc.applicant()
    waiting = alloc.applicant()
    offer = alloc.offer(entry=entry)
    assert offer.flat.state == "offered"

    _withdraw(alloc, entry)

    entry.refresh_from_db()
    offer.refresh_from_db()
    offer.flat.refresh_from_db()
    assert entry.status == EntryStatus.REMOVED
    assert entry.status_reason
    assert (offer.status, offer.refused_by_side, offer.refusal_category) == (
        "refused",
        "applicant",
        "other",
    )
    assert offer.flat.state == "vacant"
    assert entry.history.first().history_change_reason == "allocation.entry_referral_ended"
    assert offer.history.first().history_change_reason == "allocation.offer_referral_ended"
    # the other applicant is untouched and can be offered the freed flat
    waiting.refresh_from_db()
    assert waiting.status == EntryStatus.WAITING
    assert alloc.offer(entry=waiting).status == "pending"


def test_withdrawing_a_referral_not_on_the_list_changes_nothing(alloc, orgs):
    entry = alloc.applicant()
    services.entry_set_status(entry=entry, user=alloc.commission, status="removed", reason="Jinak")
    _withdraw(alloc, entry)
    entry.refresh_from_db()
    assert entry.status_reason == "Jinak"
    assert entry.status == EntryStatus.REMOVED


def test_erasure_blanks_the_allocation_free_text_live_and_in_history(alloc, settings):
    entry = alloc.applicant()
    ids = [c.pk for c in alloc.criteria[:2]]
    services.score_record(entry=entry, user=alloc.commission, criterion_ids=ids, note=SECRET)
    services.score_decide(entry=entry, user=alloc.commission, criterion_ids=ids, note=SECRET)
    offer = alloc.offer(entry=entry)
    services.offer_refuse(
        offer=offer,
        user=alloc.officer,
        side="owner",
        refused_by_side="applicant",
        category="too_far",
        reason=SECRET,
    )
    services.entry_set_status(entry=entry, user=alloc.commission, status="suspended", reason=SECRET)
    _withdraw(alloc, entry)

    settings.REFERRALS_RETENTION_DAYS = 0
    yesterday = timezone.now() - datetime.timedelta(days=1)
    client = entry.referral.client
    Referral.objects.filter(pk=entry.referral.pk).update(ended_at=yesterday)
    Client.objects.filter(pk=client.pk).update(updated_at=yesterday)
    assert referral_services.client_anonymise(client_id=client.pk)

    rows = [
        *WaitingListEntry.objects.filter(pk=entry.pk).values_list("score_note", "status_reason"),
        *WaitingListEntry.history.filter(id=entry.pk).values_list("score_note", "status_reason"),
        *MemberScore.objects.filter(entry=entry).values_list("note", "note"),
        *MemberScore.history.filter(entry_id=entry.pk).values_list("note", "note"),
        *Offer.objects.filter(entry=entry).values_list("refusal_reason", "refusal_reason"),
        *Offer.history.filter(entry_id=entry.pk).values_list("refusal_reason", "refusal_reason"),
    ]
    assert len(rows) > 6
    assert all(SECRET not in text for row in rows for text in row)
    # what the list's order and the barriers report need stays
    entry.refresh_from_db()
    offer.refresh_from_db()
    assert entry.score == sum(c.points for c in alloc.criteria[:2])
    assert offer.refusal_category == "too_far"
