"""Writes of the knowledge library that Wagtail's own actions do not cover."""

from .models import KnowledgeItemPage, LibrarySectionPage


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
