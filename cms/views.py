"""The HTML site map: the public page tree for people (sitemap.xml is for search engines),
and the accessibility statement that Act No. 99/2019 Coll. asks of a public portal."""

import datetime

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from knowledge.models import KnowledgeItemPage

# Library items are thousands and have their own listing and search; the map shows
# the tree of sections down to this depth below the home page.
MAP_DEPTH = 3


@require_safe
def site_map(request):
    site = Site.find_for_request(request)
    home = site.root_page if site is not None else None
    entries = []
    if home is not None:
        pages = (
            Page.objects.live()
            .public()
            .descendant_of(home)
            .not_type(KnowledgeItemPage)
            .filter(depth__lte=home.depth + MAP_DEPTH)
            .order_by("path")
            .only("pk", "title", "url_path", "depth", "path")
        )
        entries = [
            {"page": page, "level": page.depth - home.depth, "url": page.get_url(request)}
            for page in pages
        ]
    return render(request, "cms/site_map.html", {"home": home, "entries": entries})


# The day of the last self-assessment the statement reports (update it with the statement).
STATEMENT_PREPARED_ON = datetime.date(2026, 12, 6)


@require_safe
def accessibility_statement(request):
    return render(
        request,
        "cms/accessibility_statement.html",
        {
            "contacts": settings.PORTAL_CONTACTS,
            "prepared_on": STATEMENT_PREPARED_ON,
            "site_url": request.build_absolute_uri("/"),
        },
    )
