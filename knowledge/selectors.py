"""Reads of the knowledge library. Every listing, page, feed, sitemap, API and document
download asks here, so the members-only rule lives in one place."""

from django.db.models import Q, QuerySet

from partners.selectors import user_is_coalition_member

from .models import KnowledgeItemPage, LibraryDocument, Visibility


def items_visible_to(user) -> QuerySet[KnowledgeItemPage]:
    """Live items the user may read: public ones, plus members-only ones for members.

    Every card shows the authoring organisation, so it comes in the same query."""
    qs = KnowledgeItemPage.objects.live().public().select_related("organisation")
    if not user_is_coalition_member(user):
        qs = qs.filter(visibility=Visibility.PUBLIC)
    return qs


def item_is_visible_to(item: KnowledgeItemPage, user) -> bool:
    return item.visibility == Visibility.PUBLIC or user_is_coalition_member(user)


def items_for_listing(
    user,
    *,
    kind: str = "",
    topic: str = "",
    target_group: str = "",
    stage: str = "",
    region: str = "",
    organisation: str = "",
    year: int | None = None,
    query: str = "",
    order: str = "-year",
) -> QuerySet[KnowledgeItemPage]:
    qs = items_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    # The taxonomy filters are semi-joins on the link tables: joining them would repeat
    # an item per matching link and need a DISTINCT over every column of the page.
    for relation, target, slug in (
        ("topics", "topic", topic),
        ("target_groups", "targetgroup", target_group),
        ("stages", "pathwaystage", stage),
    ):
        if slug:
            links = getattr(KnowledgeItemPage, relation).through.objects.filter(
                **{f"{target}__slug": slug}
            )
            qs = qs.filter(pk__in=links.values("knowledgeitempage_id"))
    if region:
        qs = qs.filter(region=region)
    if organisation:
        qs = qs.filter(organisation__slug=organisation)
    if year:
        qs = qs.filter(year=year)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    return (
        qs.select_related("organisation")
        .prefetch_related("topics", "stages")
        .order_by(order, "title")
    )


def document_is_visible_to(document: LibraryDocument, user) -> bool:
    """A document is readable through a live item the user may see, or by those who may
    edit it in the admin. A file attached to nothing, or only to drafts, stays hidden."""
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_document_model())
    if user.is_authenticated and permission_policy.user_has_permission_for_instance(
        user, "change", document
    ):
        return True
    items = items_visible_to(user).filter(attachments__document=document)
    if not items.exists():
        return False
    if user_is_coalition_member(user):
        return True
    # A non-member never gets a file that also belongs to a members-only item.
    return not KnowledgeItemPage.objects.filter(
        attachments__document=document, visibility=Visibility.MEMBERS
    ).exists()
