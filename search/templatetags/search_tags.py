"""Links of the search page: facet toggles, pages, and result links carrying the query."""

import hashlib
from urllib.parse import urlencode, urlsplit, urlunsplit

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import versioned_cached

from ..answers import VERSION_KEY

register = template.Library()


class KeptResultsNode(template.Node):
    def __init__(self, nodelist, reader_class, key):
        self.nodelist = nodelist
        self.reader_class = reader_class
        self.key = key

    def render(self, context):
        reader_class = self.reader_class.resolve(context)
        key = self.key.resolve(context)
        if not key or not reader_class:
            return self.nodelist.render(context)
        request = context.get("request")
        raw = "|".join([request.get_host() if request else "", get_language() or "", key])
        full_key = f"search:html:{reader_class}:{hashlib.sha256(raw.encode()).hexdigest()}"
        return mark_safe(  # noqa: S308 - the block's own rendering
            versioned_cached(VERSION_KEY, full_key, lambda: self.nodelist.render(context))
        )


@register.tag
def kept_results(parser, token):
    """`{% kept_results reader_class key %}…{% endkept_results %}`: the rendered results
    of an answer (facets, hits, pages), kept like the answer itself (search.answers) by
    the reader's class ("member" or "public", never a user) and `key` (the backend and
    the request's query string); rendered directly when `key` is empty. The block may hold
    nothing else that depends on the reader."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("usage: {% kept_results reader_class key %}")
    nodelist = parser.parse(("endkept_results",))
    parser.delete_first_token()
    return KeptResultsNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))


def _query_string(params) -> str:
    pairs = [(key, value) for key, values in params.lists() for value in values if value != ""]
    return "?" + urlencode(pairs) if pairs else "?"


@register.simple_tag(takes_context=True)
def facet_url(context, name: str, value: str, selected: bool = False) -> str:
    """The current search with this facet value chosen, or cleared if it is chosen."""
    # Pairs, not a copy of the QueryDict (a deep copy, for each of some 200 options).
    pairs, placed = [], selected
    for key, values in context["request"].GET.lists():
        if key == "page":
            continue
        if key == name:
            if not placed:
                pairs.append((name, value))
                placed = True
            continue
        pairs.extend((key, item) for item in values if item != "")
    if not placed:
        pairs.append((name, value))
    return "?" + urlencode(pairs) if pairs else "?"


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
