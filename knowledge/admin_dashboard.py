"""The editor's panel on the Wagtail dashboard: "Napsat materiál" in each library section
the user may write into, and the items waiting for approval that the user may see (their
own organisations' items; every item for the secretariat)."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from core.access import is_secretariat
from partners.models import Membership
from partners.selectors import user_organisation_ids

from .models import KnowledgeItemPage, LibrarySectionPage

WRITERS = (Membership.Role.EDITOR, Membership.Role.ORG_ADMIN)
AWAITING_LIMIT = 20


def writable_sections(user) -> list[LibrarySectionPage]:
    organisations = user_organisation_ids(user, *WRITERS)
    if not organisations:
        return []
    return list(
        LibrarySectionPage.objects.filter(organisation_id__in=organisations).order_by("title")
    )


def items_awaiting_approval(user, sections: list[LibrarySectionPage]) -> list[Page]:
    """Knowledge items with a workflow in progress: in the user's own sections, or all of
    them for the secretariat, who moderates; nobody else's drafts."""
    # Through Page: the workflow states point at the base content type (wagtail.models).
    items = Page.objects.type(KnowledgeItemPage).filter(
        _workflow_states__status=WorkflowState.STATUS_IN_PROGRESS
    )
    if not (user.is_superuser or is_secretariat(user)):
        if not sections:
            return []
        items = items.filter(
            reduce(or_, (Q(path__startswith=section.path) for section in sections))
        )
    return list(items.order_by("-latest_revision_created_at").distinct()[:AWAITING_LIMIT])


class EditorPanel(Component):
    name = "portal_editor"
    template_name = "knowledge/admin/editor_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        sections = writable_sections(user)
        return {
            "write_links": [
                {
                    "section": section,
                    "url": reverse(
                        "wagtailadmin_pages:add",
                        args=("knowledge", "knowledgeitempage", section.pk),
                    ),
                }
                for section in sections
            ],
            "awaiting": [
                {"page": page, "url": reverse("wagtailadmin_pages:edit", args=[page.pk])}
                for page in items_awaiting_approval(user, sections)
            ],
        }
