"""The files every public web site is asked for at its root: /robots.txt and /favicon.ico."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Site

# Private areas: nothing there is for search engines (they answer a login page anyway).
DISALLOWED = [
    "/admin/",
    "/django-admin/",
    "/predavani/",
    "/prideleni/",
    "/vysledky/",
    "/hledat/",
    "/prihlaseni/",
    "/documents/",
]


def site_root_url(request) -> str:
    """The Site's own address (what the sitemap lists), or the request's when none matches."""
    site = Site.find_for_request(request)
    return site.root_url if site is not None else request.build_absolute_uri("/").rstrip("/")


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in DISALLOWED]]
    lines += ["", f"Sitemap: {site_root_url(request)}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=604800, public=True)
def favicon(request):
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
