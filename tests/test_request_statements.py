"""What every logged-in request reads before its page: the session from the shared cache
(cached_db) and the user with whether they are in the secretariat in one statement
(portal.accounts.backends.ModelBackend). The answer is the request's own: it is read again
on the next request, for each user (docs/decisions/0004, "Every page")."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import SECRETARIAT_CACHE_ATTR

pytestmark = pytest.mark.django_db
OUTCOMES_LINK = 'href="/vysledky/"'


def _statements(client, url="/partneri/"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def test_a_member_page_reads_the_secretariat_with_the_user(client, orgs):
    client.force_login(orgs.sender.users["social_worker"])
    client.get("/partneri/")
    response, statements = _statements(client)
    user_reads = [sql for sql in statements if 'FROM "auth_user"' in sql]
    assert len(user_reads) == 1 and "Sekretariát koalice" in user_reads[0]
    # No statement of its own for the secretariat group, nor (with the shared cache) the
    # session's row.
    assert not any(sql.startswith('SELECT 1 AS "a" FROM "auth_group"') for sql in statements)
    if settings.SESSION_ENGINE.endswith("cached_db"):
        assert not any('FROM "django_session"' in sql for sql in statements)
    assert response.wsgi_request.user.pk == orgs.sender.users["social_worker"].pk
    assert getattr(response.wsgi_request.user, SECRETARIAT_CACHE_ATTR) is False


def test_the_secretariat_answer_is_each_requests_and_each_users(client, orgs, moderator):
    assert reverse("outcomes:dashboard") == "/vysledky/"
    worker = orgs.sender.users["social_worker"]
    client.force_login(moderator)
    response, _ = _statements(client)
    assert OUTCOMES_LINK in response.content.decode()
    assert getattr(response.wsgi_request.user, SECRETARIAT_CACHE_ATTR) is True
    # Another user in another client: not the secretariat's answer.
    other = client.__class__()
    other.force_login(worker)
    response, _ = _statements(other)
    assert OUTCOMES_LINK not in response.content.decode()
    # Out of the group: the next request of the same session knows it.
    moderator.groups.clear()
    response, _ = _statements(client)
    assert OUTCOMES_LINK not in response.content.decode()
    assert getattr(response.wsgi_request.user, SECRETARIAT_CACHE_ATTR) is False


def test_a_logged_out_session_is_not_served_from_the_cache(client, orgs):
    client.force_login(orgs.sender.users["social_worker"])
    assert client.get(reverse("referrals:inbox")).status_code == 200
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    # The old cookie again, as a copied or stolen one would be sent.
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client.get(reverse("referrals:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
