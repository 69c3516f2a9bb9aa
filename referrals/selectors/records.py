"""Single records by their public id or reference. Each returns None when the user may not
see the record, and a view answers 404, so nobody learns that it exists."""

import uuid

from django.db.models import Exists, OuterRef

from partners.models import Organisation

from .. import permissions
from ..models import Attachment, Client, Consent, Referral


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


# --- Single records ---------------------------------------------------------------------


def referral_for(user, public_id) -> Referral | None:
    key = _uuid(public_id)
    if key is None:
        return None
    referral = (
        Referral.objects.select_related(
            "client", "programme__stage", "sender_organisation", "receiver_organisation"
        )
        .annotate(has_next=Exists(Referral.objects.filter(previous_id=OuterRef("pk"))))
        .filter(public_id=key)
        .first()
    )
    if referral is None or not permissions.can_view_referral(user, referral):
        return None
    _attach_people_and_organisations(referral)
    return referral


def _attach_people_and_organisations(referral: Referral) -> None:
    """The rest of what the referral pages show, without joining it into the query above:
    PostgreSQL plans a join of eleven tables in about 6 ms, more than the rest of the
    page's queries together. The two people come in one query; the client's and the
    programme's organisations are nearly always the sender and the receiver, already
    loaded (looked up otherwise). `previous` loads on use, and only transfers have one."""
    from django.contrib.auth import get_user_model

    client, programme = referral.client, referral.programme
    user_ids = {client.key_worker_id, referral.created_by_id} - {None}
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    client.key_worker = users.get(client.key_worker_id)
    referral.created_by = users.get(referral.created_by_id)
    loaded = {
        referral.sender_organisation_id: referral.sender_organisation,
        referral.receiver_organisation_id: referral.receiver_organisation,
    }
    missing = {client.responsible_organisation_id, programme.organisation_id} - set(loaded)
    if missing:
        loaded |= Organisation.objects.in_bulk(missing)
    client.responsible_organisation = loaded[client.responsible_organisation_id]
    programme.organisation = loaded[programme.organisation_id]


def client_for(user, reference: str) -> Client | None:
    client = (
        Client.objects.select_related("key_worker", "responsible_organisation")
        .filter(reference=reference)
        .first()
    )
    if client is None or not permissions.can_view_client(user, client):
        return None
    return client


def attachment_for(user, public_id) -> Attachment | None:
    key = _uuid(public_id)
    if key is None:
        return None
    attachment = (
        Attachment.objects.select_related("referral__client__key_worker", "referral__programme")
        .filter(public_id=key)
        .first()
    )
    if attachment is None or not permissions.can_see_case_content(user, attachment.referral):
        return None
    return attachment


def consent_for(user, public_id) -> Consent | None:
    """A consent is shown to the responsible organisation and to the organisation it is
    given to."""
    key = _uuid(public_id)
    if key is None:
        return None
    consent = Consent.objects.select_related("client", "organisation").filter(public_id=key).first()
    if consent is None or not permissions.can_view_client(user, consent.client):
        return None
    if not (
        permissions.is_responsible_for(user, consent.client)
        or consent.organisation_id in permissions.user_organisation_ids(user)
    ):
        return None
    return consent
