"""What every logged-in request reads before its page: the session from the shared cache
(cached_db), and the user with whether they are in the secretariat and their active
memberships, read in two statements (portal.accounts.backends.ModelBackend) and then kept in
the shared cache until any user, group, membership or organisation changes
(partners.selectors.signed_in_user). Every change is seen by the very next request, of
every session (docs/decisions/0004, "Every page")."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.access import SECRETARIAT_CACHE_ATTR
from partners.models import Membership
from partners.selectors import MEMBERSHIP_CACHE_ATTR, SIGNED_IN_VERSION_KEY, signed_in_user
from partners.signals import signed_in_users_changed

pytestmark = pytest.mark.django_db
OUTCOMES_LINK = 'href="/vysledky/"'


def _statements(client, url="/partneri/"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def _reads(statements, table):
    return [sql for sql in statements if f'FROM "{table}"' in sql]


def test_a_member_page_reads_the_user_once_and_then_from_the_cache(client, orgs):
    worker = orgs.sender.users["social_worker"]
    client.force_login(worker)
    _, first = _statements(client)
    user_reads = _reads(first, "auth_user")
    assert len(user_reads) == 1 and "Sekretariát koalice" in user_reads[0]
    assert len(_reads(first, "partners_membership")) == 1
    # No statement of its own for the secretariat group, nor (with the shared cache) the
    # session's row.
    assert not any(sql.startswith('SELECT 1 AS "a" FROM "auth_group"') for sql in first)
    if settings.SESSION_ENGINE.endswith("cached_db"):
        assert not any('FROM "django_session"' in sql for sql in first)
    response, second = _statements(client)
    assert _reads(second, "auth_user") == [] and _reads(second, "partners_membership") == []
    assert len(second) <= len(first) - 2
    user = response.wsgi_request.user
    assert user.pk == worker.pk and getattr(user, SECRETARIAT_CACHE_ATTR) is False
    assert [m.organisation.slug for m in Membership.objects.filter(user=worker)] == [
        m.organisation.slug for m in getattr(user, MEMBERSHIP_CACHE_ATTR)
    ]


def test_each_session_gets_its_own_user(client, orgs):
    client.force_login(orgs.sender.users["social_worker"])
    other = client.__class__()
    other.force_login(orgs.receiver.users["case_reviewer"])
    for _round in range(2):
        assert client.get("/partneri/").wsgi_request.user.username == "azylovy-dum-social_worker"
        assert other.get("/partneri/").wsgi_request.user.username == "mesto-case_reviewer"


def test_another_users_login_keeps_the_signed_in_copies(client, orgs):
    """A login saves the user's last_login alone: nothing the cache keeps changes, so
    a login elsewhere does not make every signed-in member read their rows again."""
    client.force_login(orgs.sender.users["social_worker"])
    _statements(client)
    other = client.__class__()
    other.force_login(orgs.receiver.users["case_reviewer"])
    _, after_login = _statements(client)
    assert _reads(after_login, "auth_user") == []
    # a change of who a user is still retires the copies
    reviewer = orgs.receiver.users["case_reviewer"]
    reviewer.first_name = "Jana"
    reviewer.save(update_fields=["first_name", "last_login"])
    _, after_change = _statements(client)
    assert len(_reads(after_change, "auth_user")) == 1


def test_an_organisation_leaving_the_coalition_is_seen_by_the_next_request(client, orgs):
    worker = orgs.third.users["social_worker"]
    client.force_login(worker)
    for _round in range(2):
        user = client.get("/partneri/").wsgi_request.user
        assert [m.organisation.is_member for m in getattr(user, MEMBERSHIP_CACHE_ATTR)] == [True]
    organisation = orgs.third.organisation
    organisation.is_member = False
    organisation.save()
    user = client.get("/partneri/").wsgi_request.user
    assert [m.organisation.is_member for m in getattr(user, MEMBERSHIP_CACHE_ATTR)] == [False]


def test_a_deactivated_or_changed_user_is_seen_by_the_next_request(client, orgs):
    worker = orgs.sender.users["social_worker"]
    client.force_login(worker)
    client.get("/partneri/")
    assert client.get(reverse("referrals:inbox")).status_code == 200
    # A new password elsewhere ends this session (its hash no longer matches).
    worker.set_password("Nove-heslo-2026")
    worker.save()
    response = client.get(reverse("referrals:inbox"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    # A deactivated account is signed out too.
    other = client.__class__()
    reviewer = orgs.sender.users["case_reviewer"]
    other.force_login(reviewer)
    assert other.get(reverse("referrals:inbox")).status_code == 200
    account = type(reviewer).objects.get(pk=reviewer.pk)  # the row, as the admin edits it
    account.is_active = False
    account.save()
    response = other.get(reverse("referrals:inbox"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_change_committed_while_a_request_read_the_old_rows_is_not_kept(orgs):
    """The version is replaced again when the change commits: rows read before it and
    stored under the version of the moment are not used after it."""
    worker = orgs.sender.users["social_worker"]

    def load():
        return get_user_model().objects.get(pk=worker.pk)

    before = cache.get(SIGNED_IN_VERSION_KEY)
    with pytest.MonkeyPatch.context() as patch:
        committed = []
        patch.setattr("django.db.transaction.on_commit", committed.append)
        signed_in_users_changed()  # the change, before its commit
        stale = signed_in_user(worker.pk, load)  # a request reads the rows of before
        assert len(committed) == 1
        committed[0]()  # the commit
    assert cache.get(SIGNED_IN_VERSION_KEY) != before
    calls = []
    signed_in_user(worker.pk, lambda: calls.append(1) or load())
    assert calls == [1], "the rows read before the commit were used after it"
    assert stale.pk == worker.pk


def test_the_cache_is_off_without_a_shared_cache(client, orgs, settings):
    settings.PORTAL_SIGNED_IN_CACHE = False
    client.force_login(orgs.sender.users["social_worker"])
    client.get("/partneri/")
    _, statements = _statements(client)
    assert len(_reads(statements, "auth_user")) == 1
    assert len(_reads(statements, "partners_membership")) == 1


def test_groups_are_part_of_what_is_kept(client, orgs, moderator):
    client.force_login(orgs.sender.users["social_worker"])
    client.get("/partneri/")
    group = Group.objects.get(name="Sekretariát koalice")
    orgs.sender.users["social_worker"].groups.add(group)
    response, _ = _statements(client)
    assert OUTCOMES_LINK in response.content.decode()


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
