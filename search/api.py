"""The JSON search API for partner websites: /hledat/api/?q=...&topic=...&page=2

Anonymous callers (every cross-site call: no cookies are sent) see public content only;
the answer has the shape of search.results.SearchResults.as_json().
"""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .forms import SearchForm
from .selectors import search_content

PAGE_SIZE = 20


def _cors(response: JsonResponse) -> JsonResponse:
    # Read-only and without credentials, so any partner site may call it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    response["Vary"] = "Cookie"
    return response


@require_GET
def search_api(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _cors(JsonResponse({"errors": form.errors}, status=400))
    results = search_content(request.user, **form.search_kwargs(default_page_size=PAGE_SIZE))
    return _cors(JsonResponse(results.as_json(), json_dumps_params={"ensure_ascii": False}))
