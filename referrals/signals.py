"""Thin handlers: keep casework groups in step with memberships."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from partners.models import Membership

from .permissions import membership_sync_groups


@receiver([post_save, post_delete], sender=Membership)
def sync_casework_groups(sender, instance, raw=False, **kwargs):
    if not raw:
        membership_sync_groups(instance.user, instance.organisation)
