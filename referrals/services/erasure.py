"""Erasure on request (GDPR art. 17): the client's personal data anonymised before the end
of the retention period, with the legal ground recorded. Who may decide it is in
permissions/dataprotection.py."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _t

from .. import permissions, workflow
from ..errors import ActionNotPermitted, ErasureGroundRequired, ErasureRefused
from ..models import Client, DataProtectionEvent, Stay
from .retention import client_anonymise

logger = logging.getLogger(__name__)


def erasure_blockers(client: Client) -> list[str]:
    """Why the client's data cannot be erased now (empty when it can)."""
    if client.is_anonymised:
        return [_t("The client's data were already erased (anonymised).")]
    reasons = []
    open_referrals = list(
        client.referrals.filter(status__in=workflow.OPEN)
        .order_by("created_at")
        .values_list("reference", flat=True)
    )
    if open_referrals:
        reasons.append(
            _t(
                "A referral is still open (%(references)s): another organisation is working "
                "with the data. Withdraw or close it first."
            )
            % {"references": ", ".join(open_referrals)}
        )
    if Stay.objects.filter(referral__client=client, ended_on__isnull=True).exists():
        reasons.append(_t("The client's stay in a programme is still running. End it first."))
    return reasons


@transaction.atomic
def client_erase(*, user, client: Client, ground: str) -> DataProtectionEvent:
    """Erase (anonymise) the client's personal data on request, with the legal ground."""
    client = (
        Client.objects.select_for_update(of=("self",))
        .select_related("responsible_organisation")
        .get(pk=client.pk)
    )
    if not permissions.can_erase(user, client):
        raise ActionNotPermitted()
    if ground not in DataProtectionEvent.Ground.values:
        raise ErasureGroundRequired()
    blockers = erasure_blockers(client)
    if blockers:
        raise ErasureRefused(" ".join(blockers))
    # client_anonymise erases only cases past the retention period; erasure on request
    # needs no waiting, so it is asked as if that period had already passed.
    as_if = timezone.now() + datetime.timedelta(days=settings.REFERRALS_RETENTION_DAYS + 1)
    if not client_anonymise(client_id=client.pk, now=as_if):
        raise ErasureRefused()
    event = DataProtectionEvent.objects.create(
        kind=DataProtectionEvent.Kind.ERASURE,
        organisation=client.responsible_organisation,
        actor=user,
        actor_username=user.get_username(),
        client=client,
        client_reference=client.reference,
        ground=ground,
    )
    logger.info("client %s erased on request (event %s)", client.reference, event.public_id)
    return event
