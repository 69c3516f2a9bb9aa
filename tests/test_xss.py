"""Stored XSS sweep: a script-bearing value in every text field of the CMS pages, the
library, the partners and the referral module, rendered by every page and view that shows
it, comes out only as text.

The payloads and the check of a rendered page are in tests/xss_payloads.py, the world
that holds them and the views that show them in tests/xss_world.py. Every field's marker
must also show up on some page, so a field nobody renders is listed in NOT_DISPLAYED on
purpose, not missed by accident."""

from django.urls import reverse, reverse_lazy

from search.rebuild import rebuild_database
from tests import xss_world
from tests.referrals import conftest as referral_fixtures
from tests.xss_payloads import (
    MARKER,
    NOT_DISPLAYED,
    SWEPT_MODELS,
    WORD,
    Rendered,
    assert_not_executable,
    executable_markers,
    swept_fields,
)
from tests.xss_world import public_views, referral_views, render

# The referral fixtures (a client with consents, a receiving programme) and the world
# built on them, for this module.
case = referral_fixtures.case
programme = referral_fixtures.programme
world = xss_world.world


def test_payloads_reach_every_swept_field(world):
    """The sweep itself: every model has fields, and each got a payload."""
    for model in SWEPT_MODELS:
        assert swept_fields(model), f"{model.__name__} has no text field to sweep"
    expected = {
        f"{m._meta.app_label}.{m.__name__}.{f.name}" for m in SWEPT_MODELS for f in swept_fields(m)
    }
    assert expected <= set(world.payloads.fields)


def test_public_pages_show_payloads_only_as_text(client, world):
    for name, url in public_views(world).items():
        assert_not_executable(render(client, name, url), world.payloads)


def test_feed_titles_and_descriptions_are_text_for_html_feed_readers(client, world):
    """Feed readers render an item's title and description as HTML, so plain text must be
    HTML-escaped inside the XML (Django's default item_title does that)."""
    rendered = render(client, "feed", reverse("knowledge:feed"))
    assert world.payloads.fields["knowledge.KnowledgeItemPage.title"] in rendered.content
    assert_not_executable(rendered, world.payloads)


SEARCH_VIEWS = {
    "search": reverse_lazy("search:results"),
    "search_api": reverse_lazy("search:api"),
    "autocomplete": reverse_lazy("search:autocomplete"),
}


def test_search_shows_payloads_only_as_text(client, world):
    rebuild_database()  # the database copy of the index, as without a search node
    for name, url in SEARCH_VIEWS.items():
        rendered = render(client, name, f"{url}?q={WORD}")
        assert MARKER.search(rendered.content), f"{name} found nothing to check"
        assert_not_executable(rendered, world.payloads)


def test_referral_pages_show_payloads_only_as_text(client, world, case):
    rendered_names = set()
    for user in (case.sender, case.reviewer):
        client.force_login(user)
        for name, url in referral_views(world).items():
            response = client.get(url)
            if response.status_code in (302, 403, 404):
                continue  # not this user's view (the other user renders it)
            assert response.status_code == 200, f"{name}: {response.status_code}"
            rendered = Rendered(name, response.content.decode(), response["Content-Type"])
            assert_not_executable(rendered, world.payloads)
            rendered_names.add(name)
    assert rendered_names == set(referral_views(world)), "some views rendered for nobody"


def test_members_see_payloads_only_as_text_on_public_pages(client, world, orgs):
    client.force_login(orgs.sender.users["editor"])
    for name, url in public_views(world).items():
        assert_not_executable(render(client, name, url), world.payloads)


def test_every_swept_field_is_rendered_somewhere(client, world, case):
    seen: set[str] = set()
    pages = [render(client, name, url) for name, url in public_views(world).items()]
    pages.append(render(client, "feed", reverse("knowledge:feed")))
    for user in (case.sender, case.reviewer):
        client.force_login(user)
        for name, url in referral_views(world).items():
            response = client.get(url)
            if response.status_code == 200:
                pages.append(Rendered(name, response.content.decode(), response["Content-Type"]))
    for page in pages:
        seen.update(marker.lower() for marker in MARKER.findall(page.content))
    missing = sorted(
        key
        for key, marker in world.payloads.fields.items()
        if marker not in seen and key not in NOT_DISPLAYED
    )
    assert missing == [], f"shown nowhere, list them in NOT_DISPLAYED if right: {missing}"
    newly_shown = sorted(key for key in NOT_DISPLAYED if world.payloads.fields.get(key) in seen)
    assert newly_shown == [], "now shown: remove them from NOT_DISPLAYED"


def test_detector_finds_what_a_browser_would_run():
    """The parser check would fail on unescaped payloads (so passing means something)."""
    marker = "xss999q"
    assert executable_markers(f"<p><script>{marker}()</script></p>")
    assert executable_markers(f'<a title="" onmouseover="{marker}()">x</a>')
    assert executable_markers(f"<img src=x onerror={marker}()>")
    assert executable_markers(f'<a href=" java&#9;script:{marker}()">x</a>')
    assert executable_markers(f'<div class=""><svg onload={marker}()></div>')
    assert executable_markers(f'<a href="/x" {marker}=1>x</a>')
    escaped = (
        f"&lt;script&gt;{marker}()&lt;/script&gt;&quot;&gt;&lt;img src=x onerror={marker}()&gt;"
    )
    assert executable_markers(f"<p>{escaped}</p>") == []
    assert executable_markers(f'<a href="/hledat/?q={marker}" title="{escaped}">x</a>') == []
    assert (
        executable_markers(
            f'<script type="application/json">{{"a": "\\u003Cscript\\u003E{marker}"}}</script>'
        )
        == []
    )
