"""What every private view shares: login required, never cached, never indexed."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.utils.cache import add_never_cache_headers


def private(view):
    """Login required; the response is never cached nor indexed."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response

    return wrapper
