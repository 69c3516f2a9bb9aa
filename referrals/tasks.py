"""Celery tasks: thin, take ids, reload inside, idempotent, retried with backoff."""

from celery import shared_task

from . import services
from .services.notifications import pending_notification_ids

RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(name="referrals.deliver_notification", **RETRY)
def deliver_notification(notification_id: int) -> bool:
    return services.notification_deliver(notification_id)


@shared_task(name="referrals.deliver_pending_notifications", **RETRY)
def deliver_pending_notifications() -> int:
    """The sweep behind the outbox: whatever was stored but not sent (broker down, worker
    lost) goes out now. Delivery locks each row, so racing the regular task is harmless."""
    sent = 0
    for pk in pending_notification_ids():
        try:
            sent += bool(services.notification_deliver(pk))
        except Exception:  # noqa: BLE001, S112 - one bad address must not stop the sweep
            continue
    return sent


@shared_task(name="referrals.send_reminders", **RETRY)
def send_reminders() -> dict:
    return services.reminders_send()


@shared_task(name="referrals.anonymise_client", **RETRY)
def anonymise_client(client_id: int) -> bool:
    return services.client_anonymise(client_id=client_id)


@shared_task(name="referrals.anonymise_closed_cases", **RETRY)
def anonymise_closed_cases() -> int:
    """Daily: queue one task per client due for anonymisation."""
    ids = list(services.clients_due_for_anonymisation().values_list("pk", flat=True))
    for pk in ids:
        anonymise_client.delay(pk)
    return len(ids)
