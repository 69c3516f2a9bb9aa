"""Anonymous GETs of public pages served from Django's cache.

`PublicPageCacheMiddleware` stores the rendered response of a public page (a Wagtail page,
or a Django view marked with `public_page`) for visitors without a session, and serves the
next anonymous request for the same host, path, query string and language from the cache
without touching the database.

Exactness comes from a version: every entry is stored with the *version* current when its
rendering started, a random token kept in the cache itself, and is served only while that
token is still the current one (both are read in one round trip, `get_many`). Publishing,
unpublishing, moving or deleting a page, and any save or delete of the content public
pages are built from (pages, knowledge taxonomy and documents, organisations and
programmes, images, site settings), replaces the token, so no entry stored before the
change is ever served again; old entries are overwritten or expire.
A random token rather than a counter: if the cache evicts the version key, a new token
cannot resurrect entries of an older one.

What is never stored or served:
- a CSRF token: every page has one (the language switch is a POST form). Before a page is
  stored, each token that unmasks to the request's CSRF secret is replaced with a
  placeholder, and a hit fills in a fresh token of the visitor's own secret (the CSRF
  middleware then sets the visitor's cookie as for any page), so no token is ever shared;
- requests that carry a session or messages cookie (a logged-in member, a visitor with a
  flash message) or an Authorization header, and any request whose user is authenticated;
- responses other than a plain 200, streaming responses, responses that set a cookie (a
  session), ask for `private`/`no-store`/`no-cache`, or leave
  messages queued.
The language chosen with the switch (its cookie) is part of the key.

With the Redis cache (REDIS_URL) all workers share the entries and the version. With the
per-process LocMemCache another worker's entries outlive a change until their timeout
(`PORTAL_PAGE_CACHE_SECONDS`), so production runs with Redis.
"""

from __future__ import annotations

import hashlib
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import translation

VERSION_KEY = "pagecache:version"
DEFAULT_SECONDS = 600
# Apps whose rows public pages are rendered from; a save or delete of any of their models
# invalidates every cached page.
CONTENT_APPS = frozenset(
    {
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
        "wagtailredirects",
        "wagtailsettings",
        "taggit",
        "cms",
        "knowledge",
        "partners",
        "outcomes",
    }
)
# Rows of those apps that change without changing any public page.
IGNORED_MODELS = frozenset(
    {
        ("wagtailcore", "pagesubscription"),
        ("wagtailcore", "referenceindex"),
        ("wagtailcore", "pagelogentry"),
        ("wagtailcore", "modellogentry"),
        ("wagtailcore", "uploadedfile"),
        ("wagtailcore", "comment"),
        ("wagtailcore", "commentreply"),
        ("wagtailcore", "taskstate"),
        ("wagtailcore", "workflowstate"),
        ("knowledge", "editingworkspace"),
    }
)
HEADERS_NOT_STORED = frozenset({"set-cookie"})
CSRF_PLACEHOLDER = b"__portal_page_cache_csrf_token__"
TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def public_page(view):
    """Mark a Django view as a public page the middleware may cache for anonymous visitors.
    Only for views whose anonymous output depends on nothing but the URL, the language and
    the content apps above."""
    view.public_page_cache = True
    return view


def _enabled() -> bool:
    return getattr(settings, "PORTAL_PAGE_CACHE", True)


def _values_enabled() -> bool:
    return getattr(settings, "PORTAL_CONTENT_CACHE", True)


def _timeout() -> int:
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", DEFAULT_SECONDS)


def current_version(version_key: str = VERSION_KEY) -> str:
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, uuid.uuid4().hex, None)
        version = cache.get(version_key)
    return version


def invalidate(**_kwargs) -> None:
    """Forget every cached page (a new version token)."""
    new_version(VERSION_KEY)


def new_version(version_key: str) -> None:
    """Replace a version token: nothing stored under the old one is served again."""
    cache.set(version_key, uuid.uuid4().hex, None)


def new_versions_now_and_at_commit(*version_keys: str) -> None:
    """Replace the tokens now, and again once the transaction commits: a value computed
    from the rows read while the change was being made was stored under the version of
    now, which the second replacement retires."""

    def replace() -> None:
        for version_key in version_keys:
            new_version(version_key)

    replace()
    transaction.on_commit(replace)


def _content_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in CONTENT_APPS:
        return
    if (meta.app_label, meta.model_name) in IGNORED_MODELS:
        return
    invalidate()


def connect_signals() -> None:
    """Connect the invalidation (idempotent). Called from an app's ready() (the referrals
    app's signals module), so management commands and workers invalidate too."""
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (post_save, post_delete):
        signal.connect(_content_changed, dispatch_uid=f"core.cache.{id(signal)}")
    m2m_changed.connect(_m2m_changed, dispatch_uid="core.cache.m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"core.cache.page.{id(signal)}")


def _m2m_changed(sender, action, instance, **kwargs) -> None:
    if action.startswith("post_"):
        _content_changed(type(instance))


def _cookie_names() -> frozenset:
    return frozenset({settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME})


def _request_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or not _enabled():
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    # Any cookie but the language and CSRF ones (a session, messages) means the page may
    # be personal.
    if set(request.COOKIES) - _cookie_names():
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _key(request) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    raw = "|".join([request.scheme, request.get_host(), request.get_full_path(), language]).encode()
    return f"pagecache:page:{hashlib.sha256(raw).hexdigest()}"


def _lookup(key: str, version_key: str = VERSION_KEY):
    """(current version, stored entry of that version or None) in one cache round trip:
    an entry is stored with the version it was rendered under and only counts while that
    is still the current one."""
    found = cache.get_many([version_key, key])
    version = found.get(version_key)
    if version is None:
        return current_version(version_key), None
    entry = found.get(key)
    if entry is None or entry[0] != version:
        return version, None
    return version, entry[1:]


def content_cached(key: str, compute):
    """A value computed from public content only (never from a user's or a client's data),
    cached under the same version as the pages, so it is exact for the same reason: any
    change of the content replaces the version, and a value computed while the content
    changed is stored under the version read before, which is no longer current.
    Callers put everything the value depends on besides the content in `key` (whether
    the reader is a member, say, or its visibility class). Switched by
    PORTAL_CONTENT_CACHE, apart from the page cache: logged-in members never get cached
    pages, but do get these values and fragments (core/templatetags/content_fragments.py)."""
    return versioned_cached(VERSION_KEY, f"pagecache:value:{key}", compute)


def versioned_cached(
    version_key: str,
    key: str,
    compute,
    *,
    timeout: int | None = None,
    enabled: bool | None = None,
):
    """`compute()` cached under the current token of `version_key` (see content_cached);
    whoever changes what the value is computed from calls new_version(version_key).
    Kept for `timeout` seconds (default PORTAL_PAGE_CACHE_SECONDS); switched by `enabled`
    (default PORTAL_CONTENT_CACHE)."""
    if not (_values_enabled() if enabled is None else enabled):
        return compute()
    version, entry = _lookup(key, version_key)
    if entry is not None:
        return entry[0]
    value = compute()
    cache.set(key, (version, value), _timeout() if timeout is None else timeout)
    return value


def _response_cacheable(request, response) -> bool:
    if not getattr(request, "_public_page_view", False):
        return False
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and (storage._queued_messages or storage.used):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def _without_csrf_tokens(request, content: bytes) -> bytes | None:
    """The content with every CSRF token of this request replaced by the placeholder, or
    None when it cannot be stored (the placeholder itself occurs in the page)."""
    if CSRF_PLACEHOLDER in content:
        return None
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content

    def replace(match):
        token = match.group(0).decode("ascii")
        return CSRF_PLACEHOLDER if _unmask_cipher_token(token) == secret else match.group(0)

    return TOKEN_RE.sub(replace, content)


class PublicPageCacheMiddleware:
    """Registered after the authentication and message middleware (so a hit skips the
    view and everything below it, but the outer middleware still adds its headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_cacheable(request):
            return self.get_response(request)
        key = _key(request)
        version, stored = _lookup(key)
        if stored is not None:
            status, headers, content = stored
            if CSRF_PLACEHOLDER in content:
                content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode("ascii"))
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        content = None
        if _response_cacheable(request, response):
            content = _without_csrf_tokens(request, response.content)
        if content is not None:
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in HEADERS_NOT_STORED
            ]
            # The version read before rendering: if the content changed meanwhile, the entry
            # is already outdated and never served.
            cache.set(key, (version, response.status_code, headers, content), _timeout())
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve

        request._public_page_view = view_func is serve or getattr(
            view_func, "public_page_cache", False
        )
