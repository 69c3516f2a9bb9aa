from django.shortcuts import get_object_or_404, render
from wagtail import hooks

from core.cache import public_page
from core.paging import UncountedPaginator

from .forms import DirectoryFilterForm
from .models import Organisation
from .selectors import organisation_programmes, organisations_directory, public_contacts

# A hook function takes (request, organisation) and returns HTML for the organisation's
# public page; it must show only what an anonymous visitor may see to anonymous visitors
# (the page is cached for them, core.cache).
PARTNER_SECTIONS_HOOK = "partner_detail_sections"


@public_page
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    organisations = (
        organisations_directory(**form.filters()) if form.is_bound else (organisations_directory())
    )
    page = UncountedPaginator(organisations, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/directory.html",
        {"form": form, "page": page, "organisations": page.object_list},
    )


@public_page
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    # Apps above partners add their sections (the library adds the organisation's items)
    # through this hook, so the directory needs to know none of them.
    sections = [
        section(request, organisation) for section in hooks.get_hooks(PARTNER_SECTIONS_HOOK)
    ]
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "programmes": organisation_programmes(organisation),
            "contacts": public_contacts(organisation),
            "sections": sections,
        },
    )
