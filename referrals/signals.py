"""Thin handlers: keep casework groups in step with memberships."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from core.cache import new_version
from partners.models import Membership

from .models import Referral
from .permissions import membership_sync_groups
from .selectors.lists import REFERRED_TO_VERSION

# Sent by services.retention.client_anonymise inside its transaction, with `client` and
# `referral_ids`, before the anonymisation's own history entry. Apps that keep free text
# about a client's cases (allocation) blank it there, in their live and history rows.
client_anonymising = Signal()


@receiver([post_save, post_delete], sender=Membership)
def sync_casework_groups(sender, instance, raw=False, **kwargs):
    if not raw:
        membership_sync_groups(instance.user, instance.organisation)


@receiver([post_save, post_delete], sender=Referral)
def referred_to_changed(sender, instance, raw=False, **kwargs):
    """The sender's programme filter (selectors.programmes_for_filter) is computed anew
    after the commit: a list computed before it, under the old version, is not served."""
    if not raw and instance.sender_organisation_id:
        key = REFERRED_TO_VERSION.format(instance.sender_organisation_id)
        transaction.on_commit(lambda: new_version(key))
