"""Anonymisation of closed cases after the retention period (REFERRALS_RETENTION_DAYS).

What survives is what the coalition's statistics need: the reference code, programmes,
pathway stages, organisations, dates, urgency, outcome, the housing situation on entry and
the target groups. Names, contacts, household, finances (the stays' accounts and payments,
benefits), the agencies involved, health, notes, free texts and files go, from the live
rows and from their history rows alike; the anonymisation then writes its own history
entry.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from core.history import save_with_history

from .. import permissions, workflow
from ..models import (
    AgencyInvolvement,
    Attachment,
    BenefitRecord,
    CaseFlag,
    Client,
    Consent,
    CriterionAnswer,
    HouseRuleBreach,
    LeaseRenewal,
    PlanGoal,
    Referral,
    ReviewDecision,
    Stay,
    StayAccount,
    Visit,
)
from ..signals import client_anonymising

logger = logging.getLogger(__name__)

STILL_OPEN = workflow.OPEN  # submitted … placed: somebody is still working on the case
CLIENT_BLANK = {
    "first_name": "",
    "last_name": "",
    "birth_date": None,
    "phone": "",
    "email": "",
    "contact_address": "",
    "permanent_residence": "",
    "housing_note": "",
    "needs": "",
    "past_evictions": 0,
    "evictions_note": "",
    "monthly_income": None,
    "monthly_housing_costs": None,
    "debt_to_city": None,
    "city_repayment_schedule": "",
    "debt_to_energy_supplier": None,
    "enforcement_proceedings": 0,
    "debts_note": "",
    "health_and_addiction": "",
    "notes": "",
}
CONSENT_BLANK = {"purpose_note": "", "withdrawal_note": "", "signed_form": ""}
REFERRAL_BLANK = {"reason": "", "status_note": ""}


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    now = now or timezone.now()
    return now - datetime.timedelta(days=settings.REFERRALS_RETENTION_DAYS)


def clients_due_for_anonymisation(now: datetime.datetime | None = None) -> QuerySet[Client]:
    """Clients whose every referral ended (closed, declined or withdrawn; forgotten drafts
    count as ended) longer ago than the retention period."""
    cutoff = retention_cutoff(now)
    open_referral = Referral.objects.filter(client=OuterRef("pk")).filter(
        Q(status__in=STILL_OPEN) | Q(status=workflow.Status.DRAFT, updated_at__gte=cutoff)
    )
    return (
        Client.objects.filter(anonymised_at__isnull=True, updated_at__lt=cutoff)
        .exclude(Exists(open_referral))
        .annotate(last_end=Max("referrals__ended_at"))
        .filter(Q(last_end__lt=cutoff) | Q(last_end__isnull=True))
    )


def _scrub_files(field_files) -> None:
    for field_file in field_files:
        if field_file:
            field_file.delete(save=False)


def _erase_money_and_agencies(client: Client, stays) -> None:
    for model in (AgencyInvolvement, BenefitRecord):
        model.objects.filter(client=client).delete()
        model.history.filter(client_id=client.pk).delete()
    stay_ids = list(stays.values_list("pk", flat=True))
    StayAccount.history.filter(stay_id__in=stay_ids).delete()
    StayAccount.objects.filter(stay_id__in=stay_ids).delete()  # terms and payments with them
    HouseRuleBreach.objects.filter(stay_id__in=stay_ids).delete()


@transaction.atomic
def client_anonymise(*, client_id: int, now: datetime.datetime | None = None) -> bool:
    """Anonymise one client if still due. Idempotent: False when there was nothing to do."""
    if not clients_due_for_anonymisation(now).filter(pk=client_id).exists():
        return False
    client = Client.objects.select_for_update().get(pk=client_id)
    if client.anonymised_at is not None:
        return False
    referral_ids = list(client.referrals.values_list("pk", flat=True))

    for field, value in CLIENT_BLANK.items():
        setattr(client, field, value)
    client.key_worker = None
    client.household_members.all().delete()
    client.history.update(**CLIENT_BLANK, key_worker=None)

    for consent in Consent.objects.filter(client=client):
        _scrub_files([consent.signed_form])
        for field, value in CONSENT_BLANK.items():
            setattr(consent, field, value)
        save_with_history(consent, user=None, reason="anonymised")
    Consent.history.filter(client_id=client.pk).update(**CONSENT_BLANK)

    for attachment in Attachment.objects.filter(referral_id__in=referral_ids):
        _scrub_files([attachment.file])
    Attachment.objects.filter(referral_id__in=referral_ids).delete()
    CriterionAnswer.objects.filter(referral_id__in=referral_ids).update(note="")
    ReviewDecision.objects.filter(referral_id__in=referral_ids).update(reason="")
    CaseFlag.objects.filter(referral_id__in=referral_ids).update(reason="")
    stays = Stay.objects.filter(referral_id__in=referral_ids)
    PlanGoal.objects.filter(stay__in=stays).update(text="—", progress="")
    Visit.objects.filter(stay__in=stays).update(note="")
    LeaseRenewal.objects.filter(stay__in=stays).update(note="")
    _erase_money_and_agencies(client, stays)
    Referral.history.filter(id__in=referral_ids).update(**REFERRAL_BLANK)
    for referral in Referral.objects.filter(pk__in=referral_ids):
        for field, value in REFERRAL_BLANK.items():
            setattr(referral, field, value)
        save_with_history(referral, user=None, reason="anonymised")
    client_anonymising.send(sender=Client, client=client, referral_ids=referral_ids)

    client.anonymised_at = timezone.now()
    save_with_history(client, user=None, reason="anonymised")
    permissions.client_sync_perms(client)
    logger.info("client %s anonymised", client.reference)
    return True
