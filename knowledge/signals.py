"""Thin handlers: keep editing workspaces and group memberships in step with partners."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from partners.models import Membership, Organisation

from .workspaces import membership_sync_groups, organisation_workspace_ensure


@receiver(post_save, sender=Organisation)
def provision_workspace(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        organisation_workspace_ensure(instance)


@receiver([post_save, post_delete], sender=Membership)
def sync_editor_groups(sender, instance, raw=False, **kwargs):
    if not raw:
        membership_sync_groups(instance.user, instance.organisation)
