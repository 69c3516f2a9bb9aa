"""The permission matrix, generated: every referral, client, attachment, consent and history
URL and every POST action (permission_endpoints.py; the money of a stay and the parties of
a case in permission_endpoints_money.py; the programme's rules in
permission_endpoints_rules.py), tried by every role of the sending, the
receiving and a third member organisation, the key worker, an outsider, a CMS moderator, a
superuser and an anonymous visitor (permission_world.py).

Who does not see an object gets 404, the same answer as for a missing id; a visible case
without the right role gets a refusal and no effect. Anonymous visitors are sent to the
login page whether or not the id exists.
"""

import pytest
from django.urls import reverse

from tests.referrals import permission_world
from tests.referrals.permission_endpoints import ENDPOINTS as CASEWORK_ENDPOINTS
from tests.referrals.permission_endpoints_money import MONEY_ENDPOINTS
from tests.referrals.permission_endpoints_rules import RULES_ENDPOINTS
from tests.referrals.permission_world import PRINCIPALS

# The world, built once for this module and rolled back at its end, with its media root.
world = permission_world.world
module_media = permission_world.module_media
private_media = permission_world.private_media

ENDPOINTS = [*CASEWORK_ENDPOINTS, *MONEY_ENDPOINTS, *RULES_ENDPOINTS]
CASES = [(endpoint, principal) for endpoint in ENDPOINTS for principal in PRINCIPALS]


def _request(client, world, endpoint, url):
    if endpoint.method == "post":
        return client.post(url, endpoint.data(world))
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint,principal", CASES, ids=[f"{e.name}-{p}" for e, p in CASES])
def test_permission_matrix(client, world, endpoint, principal):
    if principal != "anonymous":
        client.force_login(world.users[principal])
    url = endpoint.url(world)
    response = _request(client, world, endpoint, url)
    happened = endpoint.effect(world) if endpoint.effect else None

    if principal == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert not happened
    elif principal not in endpoint.sees:
        assert response.status_code == 404, response.status_code
        assert not happened
    elif principal in endpoint.may:
        if endpoint.method == "post":
            assert response.status_code == 302, response.content.decode()[:3000]
            assert happened, "the action was allowed but had no effect"
        else:
            assert response.status_code == 200
    else:
        # Sees the case, but this step is not theirs: refused, nothing changes.
        assert response.status_code in (302, 403)
        assert not happened


MISSING = [e for e in ENDPOINTS if e.missing]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", MISSING, ids=[e.name for e in MISSING])
@pytest.mark.parametrize("principal", PRINCIPALS)
def test_missing_ids_answer_like_hidden_ones(client, world, endpoint, principal):
    """Nobody can tell a hidden record from a missing one: anonymous gets the same login
    redirect, everyone else 404."""
    if principal != "anonymous":
        client.force_login(world.users[principal])
    response = _request(client, world, endpoint, endpoint.missing(world))
    if principal == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 404
