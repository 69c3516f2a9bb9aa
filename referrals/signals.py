"""Thin handlers: keep casework groups in step with memberships."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from partners.models import Membership

from .permissions import membership_sync_groups

# Sent by services.retention.client_anonymise inside its transaction, with `client` and
# `referral_ids`, before the anonymisation's own history entry. Apps that keep free text
# about a client's cases (allocation) blank it there, in their live and history rows.
client_anonymising = Signal()


@receiver([post_save, post_delete], sender=Membership)
def sync_casework_groups(sender, instance, raw=False, **kwargs):
    if not raw:
        membership_sync_groups(instance.user, instance.organisation)
