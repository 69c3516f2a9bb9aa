from django.http import Http404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail import hooks

from core.cache import content_cached
from partners.selectors import visibility_class

from .admin_dashboard import EditorPanel
from .admin_privacy import pages_an_editor_may_see
from .selectors import document_is_visible_to, organisation_items


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
def organisation_items_section(request, organisation):
    """The organisation's newest items the reader may see (by year, as the library sorts),
    on its directory page; rendered once per content version and visibility class."""

    def render() -> str:
        items = organisation_items(request.user, organisation.pk)[:20]
        return render_to_string("knowledge/_partner_items.html", {"items": items}, request=request)

    key = ":".join(
        [
            "partner-items",
            str(organisation.pk),
            visibility_class(request.user),
            get_language() or "",
            request.get_host(),
        ]
    )
    return mark_safe(content_cached(key, render))  # noqa: S308 - our own rendered template


@hooks.register("construct_homepage_panels")
def editor_panel(request, panels):
    panels.append(EditorPanel())
