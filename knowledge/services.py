"""Writes of the knowledge library that Wagtail's own actions do not cover: an item's
section, and the editing workspaces (group, collection, library section) of each
organisation and of the secretariat (knowledge.workspaces)."""

from .models import KnowledgeItemPage, LibrarySectionPage
from .workspaces import (
    Workspace,
    membership_sync_groups,
    organisation_workspace_ensure,
    secretariat_ensure,
)

__all__ = [
    "Workspace",
    "item_attribute_to_section",
    "membership_sync_groups",
    "organisation_workspace_ensure",
    "secretariat_ensure",
]


def item_attribute_to_section(*, item_id: int, section) -> None:
    """An item belongs to the organisation whose library section holds it.

    KnowledgeItemPage.save() keeps this true on create, edit and publish, but Wagtail's
    move saves the page as a plain Page, so a moved item kept its old organisation (and
    was listed under it) while living, and being editable, in the new section."""
    section = section.specific
    if isinstance(section, LibrarySectionPage):
        KnowledgeItemPage.objects.filter(pk=item_id).exclude(
            organisation_id=section.organisation_id
        ).update(organisation_id=section.organisation_id)
