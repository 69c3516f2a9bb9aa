from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from knowledge.selectors import items_visible_to
from portal.cache import public_page

from .forms import DirectoryFilterForm
from .models import Organisation
from .selectors import organisation_programmes, organisations_directory


@public_page
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    organisations = (
        organisations_directory(**form.filters()) if form.is_bound else (organisations_directory())
    )
    page = Paginator(organisations, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/directory.html",
        {"form": form, "page": page, "organisations": page.object_list},
    )


@public_page
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    items = (
        items_visible_to(request.user)
        .filter(organisation=organisation)
        .order_by("-first_published_at")[:20]
    )
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "programmes": organisation_programmes(organisation),
            "items": items,
        },
    )
