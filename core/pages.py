"""Wagtail page querysets without a query per call for the view restrictions.

Wagtail's `PageQuerySet.public()` reads every `PageViewRestriction` each time it is called,
when the queryset is built (the home page builds three, so three statements on every
request, even when the fragments that show them come from the cache). `public_pages` gives
the same rows with the restricted sections read once per content version
(`core.cache.content_cached`): saving or deleting a view restriction, and moving or
deleting a page, replace that version, as for the kept routes of `core.routing`, which
keep the restrictions of each page the same way.
"""

from django.db.models import Q, QuerySet
from wagtail.models import PageViewRestriction

from .cache import content_cached

RESTRICTED_SECTIONS_KEY = "view-restricted-sections"


def _restricted_sections() -> list[tuple[str, int]]:
    return list(PageViewRestriction.objects.order_by("pk").values_list("page__path", "page__depth"))


def public_pages(queryset: QuerySet) -> QuerySet:
    """`queryset.public()`: the pages outside every section under a view restriction (the
    restricted page and its descendants, as Wagtail's `descendant_of_q(inclusive=True)`)."""
    private = Q()
    for path, depth in content_cached(RESTRICTED_SECTIONS_KEY, _restricted_sections):
        private |= Q(path__startswith=path) & Q(depth__gte=depth)
    return queryset.exclude(private) if private else queryset
