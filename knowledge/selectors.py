"""Reads of the knowledge library. Every listing, page, feed, sitemap, API and document
download asks here, so the members-only rule lives in one place."""

from django.db.models import Q, QuerySet

from core.pages import public_pages
from partners.models import Organisation, PathwayStage, TargetGroup
from partners.selectors import user_is_coalition_member

from .listing import FACETS, ORDERS, Audience, Listing
from .models import KnowledgeItemPage, LibraryDocument, Topic, Visibility


def items_visible_to(user) -> QuerySet[KnowledgeItemPage]:
    """Live items the user may read: public ones, plus members-only ones for members.

    Every card shows the authoring organisation, so it comes in the same query."""
    qs = public_pages(KnowledgeItemPage.objects.live()).select_related("organisation")
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


def library_listing(
    user,
    *,
    kind: str = "",
    topic: int | None = None,
    target_group: int | None = None,
    stage: int | None = None,
    region: str = "",
    organisation: int | None = None,
    year: int | None = None,
    query: str = "",
    order: str = "-year",
):
    """The library's items for a paginator, filtered and sorted, from the listing table
    (knowledge.listing): the cost of a page does not grow with the library. Words in the
    title or summary are a substring filter, not a facet: they go through
    `items_for_listing` (the search page is where words are answered at scale)."""
    if query:
        return items_for_listing(
            user,
            query=query,
            kind=kind,
            topic=_slug(Topic, topic),
            target_group=_slug(TargetGroup, target_group),
            stage=_slug(PathwayStage, stage),
            region=region,
            organisation=_slug(Organisation, organisation),
            year=year,
            order=order,
        )
    values = {
        "kind": kind,
        "topic": topic,
        "target_group": target_group,
        "stage": stage,
        "region": region,
        "organisation": organisation,
        "year": year,
    }
    filters = [(FACETS[name], str(value)) for name, value in values.items() if value]
    return Listing(_audience(user), filters, order if order in ORDERS else "-year")


def organisation_items(user, organisation_id: int) -> Listing:
    """An organisation's items the reader may see, newest year first (its library section
    and its partner page)."""
    return Listing(_audience(user), [(FACETS["organisation"], str(organisation_id))], "-year")


def _audience(user) -> Audience:
    return Audience.MEMBERS if user_is_coalition_member(user) else Audience.PUBLIC


def _slug(model, pk) -> str:
    if not pk:
        return ""
    return model.objects.filter(pk=pk).values_list("slug", flat=True).first() or ""


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
