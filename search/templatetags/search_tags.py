"""Links of the search page: facet toggles, pages, and result links carrying the query."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django import template

register = template.Library()


def _query_string(params) -> str:
    pairs = [(key, value) for key, values in params.lists() for value in values if value != ""]
    return "?" + urlencode(pairs) if pairs else "?"


@register.simple_tag(takes_context=True)
def facet_url(context, name: str, value: str, selected: bool = False) -> str:
    """The current search with this facet value chosen, or cleared if it is chosen."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if selected:
        params.pop(name, None)
    else:
        params[name] = value
    return _query_string(params)


@register.simple_tag(takes_context=True)
def search_url(context, **changes) -> str:
    """The current search with some parameters replaced (an empty value removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    if "page" not in changes:
        params.pop("page", None)
    return _query_string(params)


@register.filter
def with_highlight(url: str, query: str) -> str:
    """Add ?hl=<query> so the opened page marks the searched words
    (static/js/search-autocomplete.js)."""
    if not query or not url:
        return url
    parts = urlsplit(url)
    extra = urlencode({"hl": query})
    new_query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, new_query, parts.fragment))
