"""What an editor sees of other organisations' work in the Wagtail admin (issue 17).

Wagtail's page chooser (and its search) lists every page, and the page-types usage report
names the last edited page of each type, drafts included. A draft's working title can
name a person (a case study in progress), so an editor sees a page that is not live only
where they may edit it: their own organisation's section."""

from django.db.models import Q, QuerySet
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


def editable_page_ids(user) -> QuerySet:
    return (
        PagePermissionPolicy()
        .instances_user_has_any_permission_for(user, ["add", "change", "publish"])
        .values("pk")
    )


def pages_an_editor_may_see(pages: QuerySet, user) -> QuerySet:
    """Live pages, and the pages the user may edit (their drafts included)."""
    if user.is_superuser:
        return pages
    return pages.filter(Q(live=True) | Q(pk__in=editable_page_ids(user)))


def page_is_visible_in_admin(page: Page, user) -> bool:
    if user.is_superuser or page.live:
        return True
    return Page.objects.filter(pk=page.pk, pk__in=editable_page_ids(user)).exists()


class PrivatePageTypesUsageReportView(PageTypesUsageReportView):
    """Wagtail's report, naming the last edited page only to those who may see it."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        pages = [item.last_edited_page for item in page_types if item.last_edited_page]
        visible = {
            page.pk
            for page in pages_an_editor_may_see(
                Page.objects.filter(pk__in=[page.pk for page in pages]), self.request.user
            )
        }
        for item in page_types:
            if item.last_edited_page is not None and item.last_edited_page.pk not in visible:
                item.last_edited_page = None
        return page_types
