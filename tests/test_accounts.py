"""Account security: login lockout (django-axes), a password reset that does not reveal
whether an account exists, and sessions that end."""

import datetime
import re
from importlib import import_module

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from core.middleware import SessionActivityMiddleware
from tests.partners.factories import UserFactory

PASSWORD = "heslo-pro-testy-123"
LOGIN_URL = "/prihlaseni/"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


def attempt(client, username, password="spatne-heslo", ip="10.0.0.1"):  # noqa: S107
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def template_names(response) -> set[str]:
    return {template.name for template in response.templates}


# --- Lockout ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_five_failures_lock_the_username_from_that_address(client, axes_on):
    UserFactory(username="jana")
    for _i in range(4):
        response = attempt(client, "jana")
        assert response.status_code == 200  # the login form again, with its error
    locked = attempt(client, "jana")
    assert locked.status_code == 429
    assert "registration/lockout.html" in template_names(locked)
    # The right password does not help while the lockout lasts.
    again = attempt(client, "jana", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client, axes_on):
    UserFactory(username="jana")
    UserFactory(username="petr")
    for _i in range(5):
        attempt(client, "jana")
    # The same person from another address, and another person from the same address.
    assert attempt(client, "jana", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert attempt(client, "petr", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_lockout_ends_after_fifteen_minutes(client, axes_on):
    UserFactory(username="jana")
    for _i in range(5):
        attempt(client, "jana")
    assert attempt(client, "jana", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert attempt(client, "jana", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_lockout_page_looks_the_same_for_an_unknown_username(client, axes_on):
    for _i in range(5):
        response = attempt(client, "nikdo-takovy")
    assert response.status_code == 429
    assert "registration/lockout.html" in template_names(response)


@pytest.mark.django_db
def test_successful_login_resets_the_failure_count(client, axes_on):
    UserFactory(username="jana")
    for _i in range(4):
        attempt(client, "jana")
    assert attempt(client, "jana", PASSWORD).status_code == 302
    client.logout()
    for _i in range(4):
        assert attempt(client, "jana").status_code == 200


@pytest.mark.django_db
def test_wagtail_admin_login_is_throttled_too(client, axes_on):
    UserFactory(username="jana")
    for _i in range(5):
        response = client.post(
            "/admin/login/", {"username": "jana", "password": "x"}, REMOTE_ADDR="10.0.0.1"
        )
    assert response.status_code == 429


@pytest.mark.django_db
def test_axes_disabled_in_test_settings_lets_many_failures_through(client):
    UserFactory(username="jana")
    for _i in range(8):
        attempt(client, "jana")
    assert attempt(client, "jana", PASSWORD).status_code == 302


# --- Password reset -----------------------------------------------------------------------


def without_csrf(content: bytes) -> bytes:
    # The CSRF token of the language switch is masked anew on every response.
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


@pytest.mark.django_db
def test_login_page_links_to_password_reset(client):
    response = client.get(LOGIN_URL)
    assert reverse("password_reset").encode() in response.content
    assert reverse("password_reset") == "/zapomenute-heslo/"


@pytest.mark.django_db
def test_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(username="jana", email="jana@example.org")
    known = client.post("/zapomenute-heslo/", {"email": "jana@example.org"})
    unknown = client.post("/zapomenute-heslo/", {"email": "nikdo@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    known_page = client.get(known["Location"])
    unknown_page = client.get(unknown["Location"])
    assert known_page.status_code == unknown_page.status_code == 200
    assert without_csrf(known_page.content) == without_csrf(unknown_page.content)
    assert known.content == unknown.content
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jana@example.org"]


@pytest.mark.django_db
def test_reset_link_sets_a_new_password_once(client):
    user = UserFactory(username="jana", email="jana@example.org")
    client.post("/zapomenute-heslo/", {"email": "jana@example.org"})
    body = mail.outbox[0].body
    assert "jana" not in mail.outbox[0].subject
    link = re.search(r"https?://[^/\s]+(/obnova-hesla/\S+/)", body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    new_password = "nove-dlouhe-heslo-2026"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new_password)
    # The link is single-use: the token depends on the password it changed.
    assert client.get(link, follow=True).context["validlink"] is False


@pytest.mark.django_db
def test_reset_of_an_inactive_account_sends_nothing(client):
    UserFactory(username="jana", email="jana@example.org", is_active=False)
    response = client.post("/zapomenute-heslo/", {"email": "jana@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


# --- Sessions -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_session_cookie_ends_with_the_browser(client, orgs):
    client.force_login(orgs.sender.users["social_worker"])
    response = client.get("/predavani/")
    assert response.status_code == 200
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def _session_store(key):
    """The session as the configured engine keeps it (the database, and the shared cache
    with cached_db)."""
    return import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=key)


def _expire_in_the_database(key, when) -> None:
    """The session's row expires at `when`; a copy the engine keeps in the cache (cached_db)
    is stored with the same lifetime, so at that moment it is gone too."""
    Session.objects.filter(session_key=key).update(expire_date=when)
    store = _session_store(key)
    if hasattr(store, "cache_key") and when <= timezone.now():
        caches[django_settings.SESSION_CACHE_ALIAS].delete(store.cache_key)


@pytest.mark.django_db
def test_expired_session_is_logged_out(client, orgs):
    client.force_login(orgs.sender.users["social_worker"])
    assert client.get("/predavani/").status_code == 200
    key = client.session.session_key
    # Past the inactivity limit, as if the worker had left the computer for the day.
    _expire_in_the_database(key, timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/predavani/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.django_db
def test_a_request_extends_the_session_once_the_last_write_is_old(client, orgs, settings):
    client.force_login(orgs.sender.users["social_worker"])
    client.get("/predavani/")
    key = client.session.session_key
    soon = timezone.now() + datetime.timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)

    # Written a moment ago: this request leaves the row alone (no write per request).
    client.get("/predavani/")
    assert Session.objects.get(session_key=key).expire_date == soon

    # The last write is older than SESSION_ACTIVITY_SECONDS: the request moves the expiry.
    session = _session_store(key)
    session[SessionActivityMiddleware.KEY] -= settings.SESSION_ACTIVITY_SECONDS
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=soon)
    response = client.get("/predavani/")
    assert response.status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_anonymous_visitors_get_no_session(client, db):
    response = client.get("/")
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
