"""A read-only JSON API of the library for partner websites."""

from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .forms import LibraryFilterForm
from .selectors import library_listing

PAGE_SIZE = 20
MAX_PAGE = 10_000  # beyond it the offset is no page anyone reads, only an overflow


def serialise_item(item, request) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "summary": item.summary,
        "organisation": item.organisation.name,
        "year": item.year,
        "topics": [topic.name for topic in item.topics.all()],
        "stages": [stage.name for stage in item.stages.all()],
        "url": request.build_absolute_uri(item.url),
    }


@require_GET
def item_list(request):
    form = LibraryFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 0
    if not 1 <= page <= MAX_PAGE:
        return JsonResponse({"errors": {"page": [_("Invalid page number.")]}}, status=400)
    # The library's listing (knowledge.listing): without words, a page and the total cost
    # the same at any size of the library, as on the library page.
    items = library_listing(request.user, **form.listing_filters())
    total = items.count()
    start = (page - 1) * PAGE_SIZE
    rows = list(items[start : start + PAGE_SIZE])
    prefetch_related_objects(rows, "topics", "stages")
    return JsonResponse(
        {
            "count": total,
            "page": page,
            "results": [serialise_item(item, request) for item in rows],
        },
        json_dumps_params={"ensure_ascii": False},
    )
