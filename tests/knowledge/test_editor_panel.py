"""The editor's panel on the admin dashboard (issue 17): "Napsat materiál" opens a new
item in the editor's own library section, and "Čeká na schválení" lists the items in
moderation that the user may see: their organisation's, or all for the secretariat."""

import re

import pytest
from django.urls import reverse

from tests.knowledge.factories import make_item

pytestmark = pytest.mark.django_db


def _in_moderation(section, editor, title, slug):
    draft = make_item(section, title=title, slug=slug, live=False)
    draft.save_revision(user=editor)
    draft.get_workflow().start(draft, editor)
    return draft


def _panel(client, user) -> str:
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    match = re.search(r'<section[^>]*data-testid="editor-panel".*?</section>', html, re.S)
    assert match, "the dashboard has the editor's panel"
    return match[0]


@pytest.fixture
def drafts(orgs):
    own_editor = orgs.sender.users["editor"]
    other_editor = orgs.receiver.users["editor"]
    own = _in_moderation(
        orgs.sender.organisation.library_section, own_editor, "Metodika dluhů", "metodika-dluhu"
    )
    other = _in_moderation(
        orgs.receiver.organisation.library_section, other_editor, "Tajný koncept", "tajny-koncept"
    )
    return own, other


def test_the_editor_writes_into_their_own_section(client, orgs, drafts):
    section = orgs.sender.organisation.library_section
    panel = _panel(client, orgs.sender.users["editor"])
    add = reverse("wagtailadmin_pages:add", args=("knowledge", "knowledgeitempage", section.pk))
    assert f'href="{add}"' in panel and "Napsat materiál" in panel
    other = orgs.receiver.organisation.library_section
    assert f"/{other.pk}/" not in panel


def test_the_editor_sees_only_their_organisations_items_awaiting_approval(client, orgs, drafts):
    own, other = drafts
    panel = _panel(client, orgs.sender.users["editor"])
    assert "Čeká na schválení" in panel
    assert "Metodika dluhů" in panel
    assert reverse("wagtailadmin_pages:edit", args=[own.pk]) in panel
    assert "Tajný koncept" not in panel  # another organisation's draft title


def test_the_secretariat_sees_everything_awaiting_its_approval(client, orgs, moderator, drafts):
    panel = _panel(client, moderator)
    assert "Metodika dluhů" in panel and "Tajný koncept" in panel
    assert "Napsat materiál" not in panel  # no section of its own


def test_nothing_awaiting_is_said_in_czech(client, orgs):
    panel = _panel(client, orgs.third.users["editor"])
    assert "Nic nečeká na schválení." in panel
