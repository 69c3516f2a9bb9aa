"""Thin handlers: keep editing workspaces and group memberships in step with partners."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import post_page_move

from partners.models import Membership, Organisation

from .models import KnowledgeItemPage
from .services import item_attribute_to_section
from .workspaces import membership_sync_groups, organisation_workspace_ensure


@receiver(post_save, sender=Organisation)
def provision_workspace(sender, instance, created, raw=False, **kwargs):
    # On every save, not only creation: a renamed organisation renames its group and
    # collection too.
    if not raw:
        organisation_workspace_ensure(instance)


@receiver([post_save, post_delete], sender=Membership)
def sync_editor_groups(sender, instance, raw=False, **kwargs):
    if not raw:
        membership_sync_groups(instance.user, instance.organisation)


@receiver(post_page_move)
def attribute_moved_item_to_its_new_section(sender, instance, parent_page_after, **kwargs):
    if isinstance(sender, type) and issubclass(sender, KnowledgeItemPage):
        item_attribute_to_section(item_id=instance.pk, section=parent_page_after)
