"""The menu offers "Výsledky" exactly to those who may open it (issue 17): no role follows
the link to a 403, and none who may read the figures has to guess the address."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

MENU_LINK = f'<a href="{reverse("outcomes:dashboard")}">Výsledky</a>'


def _people(orgs, moderator):
    people = {f"sender {role}": orgs.sender.users[role] for role in ROLES}
    people["secretariat"] = moderator
    people["outsider"] = orgs.outsider
    return people


def test_the_outcomes_link_is_shown_only_to_those_who_may_open_it(orgs, moderator):
    shown = {}
    for who, user in {**_people(orgs, moderator), "anonymous": None}.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        home = client.get("/mapa-stranek/").content.decode()
        in_menu = MENU_LINK in home.split("<main", 1)[0]
        status = client.get(reverse("outcomes:dashboard")).status_code
        shown[who] = (in_menu, status)
        assert in_menu == (status == 200), f"{who}: link shown {in_menu}, dashboard {status}"
    assert shown["sender org_admin"] == (True, 200)
    assert shown["secretariat"] == (True, 200)
    assert shown["sender social_worker"] == (False, 403)
    assert shown["sender editor"][0] is False
