import time

from django.conf import settings
from django.utils import translation


class PortalLanguageMiddleware:
    """Czech unless the visitor chose another language with the switch in the header.

    Django's LocaleMiddleware would follow the browser's Accept-Language and serve most
    visitors English; a Czech public portal speaks Czech until asked otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class SessionActivityMiddleware:
    """Sessions expire after SESSION_COOKIE_AGE of inactivity. Django's way to do that,
    SESSION_SAVE_EVERY_REQUEST, writes the session row (a transaction) on every request;
    this writes it when the last write is SESSION_ACTIVITY_SECONDS old, so a session ends
    between AGE - ACTIVITY and AGE after the last request.

    Listed after SessionMiddleware: it marks the session modified on the way out, and
    SessionMiddleware then saves it with a fresh expiry. Sessions that don't exist (most
    anonymous visitors) are not created."""

    KEY = "_active_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        if session.modified or now - session.get(self.KEY, 0) >= settings.SESSION_ACTIVITY_SECONDS:
            session[self.KEY] = now
        return response
