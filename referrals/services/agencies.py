"""Writes on the parties of a case: the agencies involved with the client (OSPOD, the
labour office, debt counselling, others) and the labour office's benefits. Who may write
which record is permissions.can_record_for_client: the writers of the client record, each
record only in a data category they may read."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.history import save_with_history
from partners.models import Organisation

from .. import ledger, permissions
from ..errors import ActionNotPermitted, InvalidDates, ReferralError
from ..models import AgencyInvolvement, BenefitRecord, Category, Client


def _client_locked(client: Client) -> Client:
    return Client.objects.select_for_update().get(pk=client.pk)


def _check(user, client: Client, category: str) -> None:
    if client.is_anonymised or not permissions.can_record_for_client(user, client, category):
        raise ActionNotPermitted()


@transaction.atomic
def involvement_record(
    *,
    user,
    client: Client,
    kind: str,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    since: datetime.date | None = None,
    contact_person: str = "",
    contact: str = "",
    agreed_actions: str = "",
) -> AgencyInvolvement:
    client = _client_locked(client)
    if kind not in AgencyInvolvement.Kind.values:
        raise ReferralError(_("Choose the kind of agency."))
    _check(user, client, AgencyInvolvement.CATEGORY[AgencyInvolvement.Kind(kind)])
    if organisation is None and not organisation_name.strip():
        raise ReferralError(_("Choose the agency from the directory or write its name."))
    involvement = AgencyInvolvement(
        client=client,
        kind=kind,
        organisation=organisation,
        organisation_name="" if organisation else organisation_name.strip()[:200],
        since=since,
        contact_person=contact_person.strip()[:150],
        contact=contact.strip()[:150],
        agreed_actions=agreed_actions.strip(),
        recorded_by=user,
    )
    save_with_history(involvement, user=user, reason="agency.recorded")
    return involvement


@transaction.atomic
def involvement_end(
    *, user, involvement: AgencyInvolvement, until: datetime.date
) -> AgencyInvolvement:
    involvement = AgencyInvolvement.objects.select_for_update().get(pk=involvement.pk)
    client = _client_locked(involvement.client)
    _check(user, client, involvement.category)
    if involvement.since and until < involvement.since:
        raise InvalidDates(_("The involvement cannot end before it began."))
    involvement.until = until
    save_with_history(involvement, user=user, reason="agency.ended")
    return involvement


@transaction.atomic
def benefit_record(
    *,
    user,
    client: Client,
    kind: str,
    amount: Decimal | None = None,
    period_from: datetime.date | None = None,
    period_until: datetime.date | None = None,
    paid_directly: bool = False,
    note: str = "",
) -> BenefitRecord:
    client = _client_locked(client)
    _check(user, client, Category.FINANCES)
    if kind not in BenefitRecord.Kind.values:
        raise ReferralError(_("Choose the benefit."))
    if period_from and period_until and period_until < period_from:
        raise InvalidDates(_("The period cannot end before it begins."))
    if amount is not None:
        amount = ledger.money(amount)
        if amount < 0:
            raise ReferralError(_("The amount cannot be negative."))
    benefit = BenefitRecord(
        client=client,
        kind=kind,
        amount=amount,
        period_from=period_from,
        period_until=period_until,
        paid_directly=paid_directly,
        note=note.strip()[:300],
        recorded_by=user,
    )
    save_with_history(benefit, user=user, reason="benefit.recorded")
    return benefit


@transaction.atomic
def benefit_end(*, user, benefit: BenefitRecord, period_until: datetime.date) -> BenefitRecord:
    benefit = BenefitRecord.objects.select_for_update().get(pk=benefit.pk)
    client = _client_locked(benefit.client)
    _check(user, client, Category.FINANCES)
    if benefit.period_from and period_until < benefit.period_from:
        raise InvalidDates(_("The period cannot end before it begins."))
    benefit.period_until = period_until
    save_with_history(benefit, user=user, reason="benefit.ended")
    return benefit
