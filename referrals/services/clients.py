"""Writes on clients: the record, the household, the key worker, consents, the access log."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import save_with_history
from partners.models import Membership, Organisation

from .. import permissions
from ..errors import ActionNotPermitted, AttachmentInvalid, InvalidDates, InvalidKeyWorker
from ..models import Client, ClientAccessLog, Consent, HouseholdMember, Notification
from ..validators import validate_upload
from .common import next_reference, refuse_impossible
from .notifications import notify

CLIENT_FIELDS = [field for fields in Client.CATEGORY_FIELDS.values() for field in fields]


def _apply_household(client: Client, household: Iterable[dict] | None) -> None:
    if household is None:
        return
    members = [
        HouseholdMember(
            client=client,
            relation=member["relation"],
            first_name=member.get("first_name", ""),
            birth_date=member.get("birth_date"),
        )
        for member in household
        if member.get("relation")
    ]
    for member in members:
        refuse_impossible(member, ["birth_date"])
    client.household_members.all().delete()
    HouseholdMember.objects.bulk_create(members)


def _check_key_worker(organisation_id: int, key_worker) -> None:
    if key_worker is None:
        return
    if (
        not Membership.objects.filter(
            user=key_worker,
            organisation_id=organisation_id,
            role=Membership.Role.SOCIAL_WORKER,
            is_active=True,
        ).exists()
        or not key_worker.is_active
    ):
        raise InvalidKeyWorker()


@transaction.atomic
def client_create(
    *,
    user,
    organisation: Organisation,
    data: dict,
    household: Iterable[dict] | None = None,
    target_groups: Iterable | None = None,
    key_worker=None,
) -> Client:
    if not permissions.can_create_client(user, organisation.pk):
        raise ActionNotPermitted()
    key_worker = key_worker or user
    _check_key_worker(organisation.pk, key_worker)
    client = Client(
        reference=next_reference("K"),
        responsible_organisation=organisation,
        key_worker=key_worker,
        **{k: v for k, v in data.items() if k in CLIENT_FIELDS},
    )
    refuse_impossible(client, CLIENT_FIELDS)
    save_with_history(client, user=user, reason="client.created")
    if target_groups is not None:
        client.target_groups.set(target_groups)
    _apply_household(client, household)
    permissions.client_sync_perms(client)
    return client


@transaction.atomic
def client_update(
    *,
    user,
    client: Client,
    data: dict,
    household: Iterable[dict] | None = None,
    target_groups: Iterable | None = None,
) -> Client:
    client = Client.objects.select_for_update().get(pk=client.pk)
    if not permissions.can_change_client(user, client):
        raise ActionNotPermitted()
    # Only the categories this user may read can be written by them.
    allowed = permissions.client_categories_for(user, client)
    for category, fields in Client.CATEGORY_FIELDS.items():
        if category not in allowed:
            continue
        for field in fields:
            if field in data:
                setattr(client, field, data[field])
    refuse_impossible(client, CLIENT_FIELDS)
    save_with_history(client, user=user, reason="client.updated")
    if target_groups is not None:
        client.target_groups.set(target_groups)
    if "household" in allowed:
        _apply_household(client, household)
    return client


@transaction.atomic
def client_reassign_key_worker(*, user, client: Client, key_worker, reason: str = "") -> Client:
    client = Client.objects.select_for_update().get(pk=client.pk)
    if not permissions.can_reassign_key_worker(user, client):
        raise ActionNotPermitted()
    _check_key_worker(client.responsible_organisation_id, key_worker)
    if client.key_worker_id == key_worker.pk:
        return client
    client.key_worker = key_worker
    save_with_history(client, user=user, reason="client.key_worker")
    permissions.client_sync_perms(client)
    notify(kind=Notification.Kind.KEY_WORKER, users=[key_worker], client=client, exclude=user)
    return client


def client_record_read(*, user, client: Client, via: str, object_reference: str = "") -> None:
    """Log that `user` read the client's data. Called by every view that shows it."""
    ClientAccessLog.objects.create(
        client=client, user=user, via=via, object_reference=object_reference[:40]
    )


@transaction.atomic
def consent_grant(
    *,
    user,
    client: Client,
    organisation: Organisation,
    purpose: str,
    categories: Iterable[str],
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    signed_form=None,
    purpose_note: str = "",
) -> Consent:
    client = Client.objects.select_for_update().get(pk=client.pk)
    if not permissions.can_record_consent(user, client):
        raise ActionNotPermitted()
    if valid_until is not None and valid_until < valid_from:
        raise InvalidDates()
    consent = Consent(
        client=client,
        organisation=organisation,
        purpose=purpose,
        purpose_note=purpose_note,
        valid_from=valid_from,
        valid_until=valid_until,
        recorded_by=user,
    )
    categories = set(categories)
    for category, flag in Consent.CATEGORY_FLAGS.items():
        setattr(consent, flag, category in categories)
    if signed_form is not None:
        try:
            consent.signed_form_type = validate_upload(signed_form)
        except ValidationError as error:
            raise AttachmentInvalid(error.messages[0]) from error
        consent.signed_form.save(signed_form.name, signed_form, save=False)
    save_with_history(consent, user=user, reason="consent.granted")
    permissions.client_sync_perms(client)
    return consent


@transaction.atomic
def consent_withdraw(*, user, consent: Consent, note: str = "") -> Consent:
    """The organisation loses its access at once; its history entries stay, shown to it
    without client data (see timeline.timeline_for)."""
    consent = Consent.objects.select_for_update().select_related("client").get(pk=consent.pk)
    if not permissions.can_record_consent(user, consent.client):
        raise ActionNotPermitted()
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user
    consent.withdrawal_note = note
    save_with_history(consent, user=user, reason="consent.withdrawn")
    permissions.client_sync_perms(consent.client)
    return consent
