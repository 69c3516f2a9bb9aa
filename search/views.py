from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.access import is_secretariat
from partners.selectors import user_is_coalition_member

from .forms import SearchForm
from .selectors import autocomplete_titles, search_content

PAGE_SIZE = 10


@require_safe
def search_page(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.has_search():
        results = search_content(request.user, **form.search_kwargs(default_page_size=PAGE_SIZE))
    status = 400 if form.is_bound and not form.is_valid() else 200
    # The answer is kept for every reader of the same class (search.answers); its rendering
    # is too, by class, backend and query string.
    reader_class = "member" if user_is_coalition_member(request.user) else "public"
    kept_key = f"{results.backend}:{request.get_full_path()}" if results is not None else ""
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "results": results,
            "reader_class": reader_class,
            "kept_key": kept_key,
            "query": form.data.get("q", ""),
            # Why the results are coarser is for the people who run the engine; other
            # readers get the results without an operators' notice.
            # A callable: asked (a query of the user's groups) only when the notice could
            # show, i.e. the answer came from the database fallback.
            "show_engine_notice": lambda: request.user.is_staff or is_secretariat(request.user),
        },
        status=status,
    )


@require_safe
def autocomplete(request):
    prefix = request.GET.get("q", "")[:100]
    suggestions = autocomplete_titles(request.user, prefix=prefix)
    return JsonResponse(
        {"query": prefix, "suggestions": [s.as_json() for s in suggestions]},
        json_dumps_params={"ensure_ascii": False},
    )
