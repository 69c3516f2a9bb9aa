"""`{% content_fragment name reader_class arg … %}…{% endcontent_fragment %}`: a part of a
page rendered once per content version and visibility class, not once per request.

The block is rendered on a miss and stored with core.cache.content_cached, so it is exact
for the same reason the page cache is: any change of the content replaces the version. The
key holds the name, the reader's visibility class (partners.selectors.visibility_class:
public, member or one organisation's members, never a user), the language, the host and
the other arguments (e.g. the path with its query string). A block may therefore hold only
what every reader of that class sees alike: no CSRF token, no user's name, no messages.
Querysets used only inside the block are never evaluated on a hit. A Wagtail preview (a
draft) is rendered directly, never cached.
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import content_cached

register = template.Library()


class ContentFragmentNode(template.Node):
    def __init__(self, nodelist, name, reader_class, args):
        self.nodelist = nodelist
        self.name = name
        self.reader_class = reader_class
        self.args = args

    def render(self, context):
        reader_class = self.reader_class.resolve(context)
        if not reader_class:
            raise template.TemplateSyntaxError("content_fragment needs the reader's class")
        request = context.get("request")
        if getattr(request, "is_preview", False):
            # Wagtail's preview renders a draft: never served from, nor stored as, the
            # live content.
            return self.nodelist.render(context)
        parts = [
            request.get_host() if request is not None else "",
            get_language() or "",
            *(str(arg.resolve(context)) for arg in self.args),
        ]
        digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
        key = f"fragment:{self.name.resolve(context)}:{reader_class}:{digest}"
        return mark_safe(content_cached(key, lambda: self.nodelist.render(context)))  # noqa: S308


@register.tag
def content_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            "usage: {% content_fragment name reader_class [args…] %}"
        )
    nodelist = parser.parse(("endcontent_fragment",))
    parser.delete_first_token()
    name, reader_class, *args = (parser.compile_filter(bit) for bit in bits[1:])
    return ContentFragmentNode(nodelist, name, reader_class, args)
