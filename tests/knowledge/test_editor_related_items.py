"""Related items offered to and kept for an editor, and items the secretariat moves
between organisations' sections, through the Wagtail admin views."""

import re

import pytest
from django.urls import reverse

from knowledge.models import KnowledgeItemPage
from tests.conftest import make_org_with_members
from tests.knowledge.admin_forms import add_item_url, edit_url, item_form_data_of
from tests.knowledge.factories import make_item


def _related_item_choices(client, section) -> str:
    html = client.get(add_item_url(section)).content.decode()
    select = re.search(r'<select name="related_items".*?</select>', html, re.S)
    assert select, "the form has no related-items field"
    return select.group(0)


@pytest.fixture
def other_organisations_unreadable_items(workspaces):
    make_item(
        workspaces.other.section,
        title="Interní analýza města",
        slug="interni-analyza",
        visibility="members",
    )
    make_item(workspaces.other.section, title="Tajný koncept města", slug="tajny", live=False)


def test_related_items_offered_to_a_non_member_editor_are_only_public_live_items(
    client, orgs, workspaces, other_organisations_unreadable_items
):
    outsider_org = make_org_with_members("neclen", name="Nečlenská o.p.s.", is_member=False)
    client.force_login(outsider_org.users["editor"])

    choices = _related_item_choices(client, outsider_org.organisation.library_section)

    assert workspaces.other_item.title in choices
    assert "Interní analýza města" not in choices
    assert "Tajný koncept města" not in choices


def test_related_items_offered_to_a_member_editor_include_members_only_but_no_drafts(
    client, orgs, workspaces, other_organisations_unreadable_items
):
    client.force_login(orgs.sender.users["editor"])

    choices = _related_item_choices(client, workspaces.own.section)

    assert workspaces.other_item.title in choices
    assert "Interní analýza města" in choices
    assert "Tajný koncept města" not in choices


def test_saving_an_item_keeps_a_relation_the_editor_cannot_choose(
    client, orgs, workspaces, other_organisations_unreadable_items
):
    """The secretariat related a non-member's item to a members-only one; the non-member's
    editor saving the item must not drop the relation."""
    outsider_org = make_org_with_members("neclen", name="Nečlenská o.p.s.", is_member=False)
    members_only = KnowledgeItemPage.objects.get(slug="interni-analyza")
    item = make_item(outsider_org.organisation.library_section, title="Metodika", live=False)
    item.related_items.set([members_only])
    item.save()
    client.force_login(outsider_org.users["editor"])

    data = item_form_data_of(item, related_items=[str(members_only.pk)])
    response = client.post(edit_url(item), data)

    assert response.status_code == 302
    item.refresh_from_db()
    assert list(item.related_items.all()) == [members_only]


def test_item_moved_by_the_secretariat_belongs_to_its_new_sections_organisation(
    client, orgs, workspaces, moderator
):
    item = make_item(workspaces.own.section, title="Metodika k přesunu", slug="k-presunu")
    client.force_login(moderator)

    response = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[item.pk, workspaces.other.section.pk])
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.get_parent().pk == workspaces.other.section.pk
    assert item.organisation == orgs.receiver.organisation
    client.logout()
    assert "Metodika k přesunu" in client.get("/partneri/mesto/").content.decode()
    assert "Metodika k přesunu" not in client.get("/partneri/azylovy-dum/").content.decode()


def test_editor_opens_an_item_whose_revision_holds_related_items(client, orgs, workspaces):
    item = make_item(workspaces.own.section, title="Metodika se souvislostmi", slug="souvislosti")
    item.related_items.set([workspaces.other_item])
    item.save_revision()  # the edit form is built from this revision, not from the table
    client.force_login(orgs.sender.users["editor"])

    response = client.get(edit_url(item))

    assert response.status_code == 200
    assert list(response.context["form"]["related_items"].value()) == [workspaces.other_item.pk]
