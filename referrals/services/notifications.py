"""The notification outbox. A row is written in the transaction of the change it
announces; after commit a Celery task e-mails it. If the broker is down the row waits and
the periodic sweep (tasks.deliver_pending_notifications) sends it later."""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partners.models import Membership

from ..models import Client, Notification, Referral
from ..selectors.notifications import forget_unread_counts

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 8


def _enqueue(notification_ids: list[int]) -> None:
    from .. import tasks

    for pk in notification_ids:
        try:
            tasks.deliver_notification.delay(pk)
        except Exception:  # noqa: BLE001 - the broker may be down; the sweep sends it later
            logger.warning("notification %s left for the periodic sweep", pk)


def notify(
    *,
    kind: str,
    users: Iterable,
    referral: Referral | None = None,
    client: Client | None = None,
    exclude=None,
    dedup_key: str = "",
) -> list[Notification]:
    """Store one notification per recipient (at most one per dedup key) and queue their
    delivery for after the commit."""
    created: list[Notification] = []
    seen: set[int] = set()
    recipients = []
    for user in users:
        if user is None or not user.is_active or user.pk in seen:
            continue
        if exclude is not None and user.pk == exclude.pk:
            continue
        seen.add(user.pk)
        recipients.append(user)
    if not dedup_key:
        # Nothing to deduplicate (the unique constraint covers dedup keys only): one
        # INSERT for every recipient of a state change.
        created = Notification.objects.bulk_create(
            Notification(recipient=user, kind=kind, referral=referral, client=client)
            for user in recipients
        )
        recipients = []
    for user in recipients:
        if Notification.objects.filter(recipient=user, dedup_key=dedup_key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=user,
                        kind=kind,
                        referral=referral,
                        client=client,
                        dedup_key=dedup_key,
                    )
                )
        except IntegrityError:
            continue  # a parallel run stored the same reminder
    if created:
        ids = [n.pk for n in created]
        forget_unread_counts(n.recipient_id for n in created)
        transaction.on_commit(lambda: _enqueue(ids))
    return created


def organisation_members(organisation_id: int, role: str) -> list:
    user_model = get_user_model()
    return list(
        user_model.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role=role,
            memberships__is_active=True,
        ).distinct()
    )


def receiving_reviewers(referral: Referral) -> list:
    return organisation_members(referral.receiver_organisation_id, Membership.Role.CASE_REVIEWER)


def sending_workers(referral: Referral) -> list:
    """The person who sent the referral and the client's key worker."""
    people = [referral.created_by, referral.client.key_worker]
    return [p for p in people if p is not None]


def link_for(notification: Notification) -> str:
    base = getattr(settings, "REFERRALS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    if notification.referral_id:
        path = reverse("referrals:detail", kwargs={"public_id": notification.referral.public_id})
    elif notification.client_id:
        path = reverse("referrals:client", kwargs={"reference": notification.client.reference})
    else:
        path = reverse("referrals:notifications")
    return base + path


def notification_deliver(notification_id: int) -> bool:
    """E-mail one notification once; the row lock makes parallel deliveries wait and then
    see it sent. The e-mail carries the kind of event and a link, never client data.
    Returns True when an e-mail went out."""
    failure = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "referral", "client")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            notification.emailed_at = timezone.now()  # nothing to send; do not retry
            notification.save(update_fields=["emailed_at"])
            return False
        with translation.override(settings.LANGUAGE_CODE):
            event = notification.get_kind_display()
            subject = _("[Social housing] %(event)s") % {"event": event}
            body = _(
                "%(event)s.\n\nOpen the portal to see the details (you will be asked to log "
                "in):\n%(link)s\n\nFor the clients' privacy this e-mail contains no client data."
            ) % {"event": event, "link": link_for(notification)}
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        except Exception as error:  # noqa: BLE001 - counted below, then raised for a retry
            failure = error
        else:
            notification.emailed_at = timezone.now()
            notification.email_attempts += 1
            notification.save(update_fields=["emailed_at", "email_attempts"])
            return True
    Notification.objects.filter(pk=notification_id).update(email_attempts=F("email_attempts") + 1)
    raise failure


def pending_notification_ids(older_than_seconds: int = 60) -> list[int]:
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    return list(
        Notification.objects.filter(
            emailed_at__isnull=True, created_at__lt=cutoff, email_attempts__lt=MAX_EMAIL_ATTEMPTS
        ).values_list("pk", flat=True)[:500]
    )


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    marked = qs.update(read_at=timezone.now())
    if marked:
        forget_unread_counts([user.pk])
    return marked
