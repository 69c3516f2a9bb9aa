"""Wagtail's routing of a page URL, kept by content version instead of walked per request.

Wagtail finds the page of `/knihovna/<organisation>/<item>/` by finding the site (one
query), loading its root page (one) and then, for every part of the path, the child with
that slug and its specific page (two per level), and then reads the view restrictions of
the page and its ancestors (two more): nine queries for a library item before its view
runs, on every request, for every reader, although the answer depends only on the URL and
the content. `CachedRouteMiddleware` keeps that answer (the site, the specific page and its
view restrictions) with `core.cache.content_cached`, so it is exact for the same reason
the page cache is: publishing, unpublishing, moving or deleting a page and any change of a
site or a view restriction replace the content version, and an answer computed while the
content changed is stored under the version read before, which is then no longer current.
What is kept of the page is its id and type, never its content (a members-only item's
text is kept only in members' fragments): a request reads the page by its primary key,
one query instead of nine.

What is kept depends on nothing but the host, the port and the path: never on the reader.
The view restrictions are still checked for every request (Wagtail's `on_serve_page`
hook asks the page, which answers from the kept list), and the page's own `serve` still
checks its visibility for the reader. A URL that finds no live page is not kept (each
request for it walks the tree and answers 404 as before), nor is a route with arguments
(a routable page's sub-URL).
"""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from .cache import content_cached


def _resolve(request, path: str):
    """Wagtail's own routing (it caches the site and the route on the request), with the
    page's view restrictions; None when no live page answers at this URL."""
    route = Page.route_for_request(request, path)
    if route is None:
        return None
    page, args, kwargs = route
    if args or kwargs:
        return None
    site = Site.find_for_request(request)
    return site, page.pk, page.content_type_id, list(page.get_view_restrictions())


class _NotKept(Exception):
    """A URL whose answer is not stored (no live page, or a routable sub-URL)."""


def _install(request, site, page, restrictions) -> None:
    request._wagtail_site = site
    request._wagtail_route_for_request = (page, [], {})
    # The on_serve_page hook (wagtail.wagtail_hooks.check_view_restrictions) asks the
    # page for its restrictions; it gets the list read with the route.
    page.get_view_restrictions = lambda: list(restrictions)


class CachedRouteMiddleware:
    """Sets the route of a Wagtail page request from the content cache before Wagtail's
    `serve` view runs (it reads `request._wagtail_route_for_request` if present)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve

        if view_func is not serve or request.method not in ("GET", "HEAD"):
            return None
        if getattr(request, "is_preview", False):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        raw = "|".join([request._get_raw_host(), str(request.get_port()), path])
        key = f"route:{hashlib.sha256(raw.encode()).hexdigest()}"

        def compute():
            found = _resolve(request, path)
            if found is None:
                raise _NotKept
            return found

        try:
            site, page_id, content_type_id, restrictions = content_cached(key, compute)
        except _NotKept:
            return None
        if getattr(request, "_wagtail_route_for_request", None) is not None:
            page = request._wagtail_route_for_request[0]  # just routed by Wagtail (a miss)
        else:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            page = model.objects.filter(pk=page_id, live=True).first() if model else None
            if page is None:  # cannot be while the version holds; Wagtail decides
                return None
        _install(request, site, page, restrictions)
        return None
