"""Thin handlers: keep editing workspaces and group memberships in step with partners,
and the library's listing table with the pages (knowledge.listing; an item's own save
refreshes its entries in KnowledgeItemPage.save)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from partners.models import Membership, Organisation

from .listing import listing_refresh
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


def _refresh_items_under(page) -> None:
    items = KnowledgeItemPage.objects.descendant_of(page, inclusive=True)
    listing_refresh(items.values_list("pk", flat=True))


@receiver(post_page_move)
def listing_follows_move(sender, instance, **kwargs):
    # A move can put items under (or out from under) a view restriction, and the move of an
    # item changes its organisation with a plain update (item_attribute_to_section).
    _refresh_items_under(instance)


@receiver([post_save, post_delete], sender=PageViewRestriction)
def listing_follows_view_restriction(sender, instance, raw=False, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if not raw and page is not None:  # a page being deleted takes its items' rows itself
        _refresh_items_under(page)


@receiver(post_delete, sender=KnowledgeItemPage)
def listing_forgets_deleted_item(sender, instance, **kwargs):
    listing_refresh([instance.pk])


@receiver(page_unpublished)
def listing_follows_unpublish(sender, instance, **kwargs):
    if isinstance(instance, KnowledgeItemPage):
        listing_refresh([instance.pk])
