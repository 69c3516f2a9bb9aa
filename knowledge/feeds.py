from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .selectors import items_visible_to


class LibraryFeed(Feed):
    """Public RSS of the library. Feed readers are anonymous, so members-only items are
    never part of it, whoever fetches it."""

    title = _("New in the coalition's knowledge library")
    link = "/knihovna/"
    description = _("Methodologies, case studies and good practice in social housing.")

    def items(self):
        return items_visible_to(AnonymousUser()).order_by("-first_published_at")[:30]

    # Feed readers render titles and descriptions as HTML: escape them, as Django's
    # default item_title does.
    def item_title(self, item):
        return escape(item.title)

    def item_description(self, item):
        return escape(item.summary)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at
