"""Notifications (outbox, after-commit queueing, idempotent delivery), reminders and
retention. Task effects are tested by calling the tasks directly; queueing is tested with
django_capture_on_commit_callbacks. Redis and PostgreSQL are real."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from referrals import services, tasks
from referrals.models import (
    Attachment,
    Client,
    ClientAccessLog,
    Consent,
    HouseholdMember,
    LeaseRenewal,
    Notification,
    Referral,
    Stay,
    Visit,
)
from referrals.services.notifications import pending_notification_ids
from tests.referrals.conftest import S, pdf_upload

pytestmark = pytest.mark.django_db


# --- Notifications ----------------------------------------------------------------------


def test_notification_row_is_stored_with_the_change_and_queued_after_commit(
    case, django_capture_on_commit_callbacks
):
    referral = case.make(S.DRAFT)
    with (
        mock.patch.object(tasks.deliver_notification, "delay") as delay,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        services.referral_submit(referral=referral, user=case.sender)
        notification = Notification.objects.get(kind="submitted", recipient=case.reviewer)
        assert not delay.called  # nothing leaves before the commit
    assert callbacks
    with mock.patch.object(tasks.deliver_notification, "delay") as delay:
        for callback in callbacks:
            callback()
    delay.assert_any_call(notification.pk)


def test_submit_queues_the_delivery_task_on_the_real_broker(
    case, django_capture_on_commit_callbacks
):
    referral = case.make(S.DRAFT)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.referral_submit(referral=referral, user=case.sender)
    assert len(callbacks) >= 1  # .delay() went to Redis without raising


def test_broker_outage_loses_nothing(case, django_capture_on_commit_callbacks, settings):
    referral = case.make(S.DRAFT)
    with (
        mock.patch.object(
            tasks.deliver_notification, "delay", side_effect=ConnectionError("broker down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        referral = services.referral_submit(referral=referral, user=case.sender)
    assert referral.status == S.SUBMITTED
    notification = Notification.objects.get(kind="submitted", recipient=case.reviewer)
    assert notification.emailed_at is None
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert notification.pk in pending_notification_ids()
    assert tasks.deliver_pending_notifications() >= 1
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None


def test_delivery_is_idempotent_and_the_email_has_a_link_but_no_client_data(case):
    referral = case.make(S.SUBMITTED)
    notification = Notification.objects.get(kind="submitted", recipient=case.reviewer)
    mail.outbox.clear()
    assert tasks.deliver_notification(notification.pk) is True
    assert tasks.deliver_notification(notification.pk) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + message.body
    assert str(referral.public_id) in message.body
    for secret in ("Jana", "Dvořáková", "777 123 456", case.client.reference, "azylov"):
        assert secret not in text


def test_delivery_of_a_missing_notification_does_nothing():
    assert tasks.deliver_notification(987654321) is False


# --- Reminders --------------------------------------------------------------------------


def test_overdue_visit_reminds_the_visiting_worker_once(case):
    referral = case.make(S.PLACED)
    stay = Stay.objects.get(referral=referral)
    Stay.objects.filter(pk=stay.pk).update(
        moved_in_on=datetime.date.today() - datetime.timedelta(days=10)
    )
    result = tasks.send_reminders()
    assert result["visits"] == 1
    assert (
        Notification.objects.filter(kind="visit_overdue", recipient=case.receiver_worker).count()
        == 1
    )
    assert tasks.send_reminders()["visits"] == 0  # idempotent
    services.visit_record(stay=stay, user=case.receiver_worker, visited_on=datetime.date.today())
    assert tasks.send_reminders()["visits"] == 0


def test_visit_within_the_programme_interval_sends_nothing(case):
    case.make(S.PLACED)  # moved in today, weekly visits
    assert tasks.send_reminders()["visits"] == 0


def test_monthly_programme_is_not_overdue_after_ten_days(case, affordable_programme):
    from referrals.permissions import client_sync_perms  # noqa: F401 - documents intent

    referral = case.make(S.PLACED)
    stay = Stay.objects.get(referral=referral)
    Stay.objects.filter(pk=stay.pk).update(
        programme=affordable_programme,
        moved_in_on=datetime.date.today() - datetime.timedelta(days=10),
    )
    assert tasks.send_reminders()["visits"] == 0


def test_lease_ending_within_30_days_reminds_worker_and_key_worker(case):
    referral = case.make(S.PLACED)
    Stay.objects.filter(referral=referral).update(
        lease_end=datetime.date.today() + datetime.timedelta(days=20)
    )
    assert tasks.send_reminders()["leases"] == 2
    recipients = set(
        Notification.objects.filter(kind="lease_ending").values_list("recipient", flat=True)
    )
    assert recipients == {case.receiver_worker.pk, case.key_worker.pk}
    assert tasks.send_reminders()["leases"] == 0


def test_lease_ending_later_sends_nothing(case):
    case.make(S.PLACED)  # lease of 180 days
    assert tasks.send_reminders()["leases"] == 0


def test_referral_without_answer_beyond_response_time_reminds_reviewers(case):
    referral = case.make(S.SUBMITTED)
    assert tasks.send_reminders()["answers"] == 0
    Referral.objects.filter(pk=referral.pk).update(
        answer_due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert tasks.send_reminders()["answers"] >= 2
    kinds = Notification.objects.filter(kind="answer_overdue")
    assert set(kinds.values_list("recipient", flat=True)) == {case.reviewer.pk, case.sender.pk}
    assert tasks.send_reminders()["answers"] == 0


# --- Retention --------------------------------------------------------------------------


@pytest.fixture
def closed_long_ago(case, settings):
    settings.REFERRALS_RETENTION_DAYS = 30
    referral = case.make(S.PLACED)
    services.attachment_add(
        referral=referral, user=case.receiver_worker, uploaded_file=pdf_upload()
    )
    stay = Stay.objects.get(referral=referral)
    services.visit_record(
        stay=stay,
        user=case.receiver_worker,
        visited_on=stay.moved_in_on,
        note="Paní Dvořáková doma s dětmi.",
    )
    services.stay_extend_lease(
        stay=stay,
        user=case.receiver_worker,
        lease_end=stay.lease_end + datetime.timedelta(days=90),
        note="Paní Dvořáková splácí, prodloužit.",
    )
    referral = services.referral_close(
        referral=referral,
        user=case.receiver_worker,
        outcome="successful_exit",
        reason="Jana Dvořáková získala standardní nájem.",
    )
    services.client_record_read(user=case.sender, client=case.client, via="client_page")
    past = timezone.now() - datetime.timedelta(days=31)
    Referral.objects.filter(pk=referral.pk).update(ended_at=past, updated_at=past)
    Client.objects.filter(pk=case.client.pk).update(updated_at=past)
    return referral


def test_recently_closed_case_is_kept(case, settings):
    settings.REFERRALS_RETENTION_DAYS = 30
    case.make(S.CLOSED)
    assert tasks.anonymise_closed_cases() == 0
    assert Client.objects.get(pk=case.client.pk).anonymised_at is None


def test_open_case_is_never_anonymised(case, settings):
    settings.REFERRALS_RETENTION_DAYS = 0
    referral = case.make(S.PLACED)
    past = timezone.now() - datetime.timedelta(days=400)
    Client.objects.filter(pk=case.client.pk).update(updated_at=past)
    Referral.objects.filter(pk=referral.pk).update(updated_at=past)
    assert not services.clients_due_for_anonymisation().exists()


def test_anonymisation_removes_personal_data_and_keeps_statistics(case, closed_long_ago):
    stored_files = [a.file.path for a in Attachment.objects.all()] + [
        c.signed_form.path for c in Consent.objects.all()
    ]
    assert tasks.anonymise_closed_cases() == 1  # queued; run it here directly
    assert tasks.anonymise_client(case.client.pk) is True
    assert tasks.anonymise_client(case.client.pk) is False  # idempotent

    client = Client.objects.get(pk=case.client.pk)
    assert client.anonymised_at is not None
    assert (client.first_name, client.last_name, client.phone, client.notes) == ("", "", "", "")
    assert client.health_and_addiction == "" and client.debt_to_city is None
    assert not HouseholdMember.objects.filter(client=client).exists()
    assert not Attachment.objects.exists()
    import os

    assert not any(os.path.exists(path) for path in stored_files)
    referral = Referral.objects.get(pk=closed_long_ago.pk)
    assert referral.reason == "" and referral.status_note == ""
    assert Visit.objects.get().note == ""
    renewal = LeaseRenewal.objects.get()
    assert renewal.note == "" and renewal.ends_on > renewal.starts_on  # the dates stay
    # Statistics survive.
    stay = Stay.objects.get(referral=referral)
    assert (referral.programme, referral.outcome, stay.stage) == (
        case.programme,
        "successful_exit",
        case.programme.stage,
    )
    assert stay.lease_start and stay.moved_in_on and stay.ended_on
    # History rows are scrubbed too, and the anonymisation wrote its own entry.
    assert not client.history.exclude(first_name="").exists()
    assert not referral.history.exclude(reason="").exists()
    assert client.history.first().history_change_reason == "anonymised"
    assert referral.history.first().history_change_reason == "anonymised"
    assert ClientAccessLog.objects.filter(client=client).exists()
