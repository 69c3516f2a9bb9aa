from django.http import Http404
from django.template.loader import render_to_string
from wagtail import hooks

from .admin_privacy import pages_an_editor_may_see
from .selectors import document_is_visible_to, items_visible_to


@hooks.register("construct_page_chooser_queryset")
def hide_other_organisations_drafts(pages, request):
    # The chooser and its search list every page; a draft's title is its editors' business.
    return pages_an_editor_may_see(pages, request.user)


@hooks.register("before_serve_document")
def refuse_documents_the_user_may_not_see(document, request):
    # 404, not 403: a stranger must not learn that a members-only file exists.
    if not document_is_visible_to(document, request.user):
        raise Http404


@hooks.register("partner_detail_sections")
def organisation_items(request, organisation):
    """The organisation's newest items the reader may see, on its directory page."""
    items = (
        items_visible_to(request.user)
        .filter(organisation=organisation)
        .order_by("-first_published_at")[:20]
    )
    return render_to_string("knowledge/_partner_items.html", {"items": items}, request=request)
