"""Per-organisation editing in the Wagtail admin, driven through the admin views as an
editor's browser would: each organisation writes only in its own section and collection
(its workspace), and membership decides who edits there. Moderation is in
test_editor_moderation.py, related items and moves in test_editor_related_items.py."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset

from knowledge.models import KnowledgeItemPage, LibraryDocument
from knowledge.workspaces import organisation_workspace_ensure
from tests.knowledge.admin_forms import (
    add_item_url,
    edit_url,
    item_form_data,
    item_form_data_of,
    pdf_upload,
)
from tests.knowledge.conftest import EDITING_ROLES, NON_EDITING_ROLES, Workspaces
from tests.knowledge.factories import make_document


def snapshot(workspaces: Workspaces) -> dict:
    """Everything a write in the other organisation's workspace could change."""
    other_section = Page.objects.get(pk=workspaces.other.section.pk)
    return {
        "other_pages": sorted(
            KnowledgeItemPage.objects.filter(path__startswith=other_section.path).values_list(
                "pk", "title", "draft_title", "live", "path", "latest_revision_id", "visibility"
            )
        ),
        "own_pages": sorted(
            Page.objects.child_of(workspaces.own.section).values_list("pk", "path", "live")
        ),
        "other_documents": sorted(
            LibraryDocument.objects.filter(collection=workspaces.other.collection).values_list(
                "pk", "title", "file"
            )
        ),
        "revisions": Revision.objects.count(),
        "workflow_states": WorkflowState.objects.count(),
    }


PERMISSION_DENIED_MSGID = "Sorry, you do not have permission to access this area."


def permission_denied_messages() -> set[str]:
    """Wagtail's refusal message in each admin language."""
    texts = set()
    for language in ("cs", "en"):
        with translation.override(language):
            texts.add(translation.gettext(PERMISSION_DENIED_MSGID))
    return texts


DENIED_ACTIONS = {
    "open_create_form_in_other_section": lambda c, ws: c.get(add_item_url(ws.other.section)),
    "create_item_in_other_section": lambda c, ws: c.post(
        add_item_url(ws.other.section), item_form_data(action="action-submit")
    ),
    "open_edit_form_of_other_item": lambda c, ws: c.get(edit_url(ws.other_item)),
    "save_draft_of_other_item": lambda c, ws: c.post(
        edit_url(ws.other_item), item_form_data_of(ws.other_item, title="Přepsáno")
    ),
    "submit_other_item_for_moderation": lambda c, ws: c.post(
        edit_url(ws.other_item),
        item_form_data_of(ws.other_item, title="Přepsáno", action="action-submit"),
    ),
    "publish_other_item": lambda c, ws: c.post(
        edit_url(ws.other_item),
        item_form_data_of(ws.other_item, visibility="members", action="action-publish"),
    ),
    "unpublish_other_item": lambda c, ws: c.post(
        reverse("wagtailadmin_pages:unpublish", args=[ws.other_item.pk])
    ),
    "delete_other_item": lambda c, ws: c.post(
        reverse("wagtailadmin_pages:delete", args=[ws.other_item.pk])
    ),
    "move_other_item_into_own_section": lambda c, ws: c.post(
        reverse("wagtailadmin_pages:move_confirm", args=[ws.other_item.pk, ws.own.section.pk])
    ),
    "move_own_item_into_other_section": lambda c, ws: c.post(
        reverse("wagtailadmin_pages:move_confirm", args=[ws.own_draft.pk, ws.other.section.pk])
    ),
    "copy_other_item_into_own_section": lambda c, ws: c.post(
        reverse("wagtailadmin_pages:copy", args=[ws.other_item.pk]),
        {"new_title": "Kopie", "new_slug": "kopie", "new_parent_page": ws.own.section.pk},
    ),
    "edit_other_document": lambda c, ws: c.post(
        reverse("wagtaildocs:edit", args=[ws.other_document.pk]),
        {"title": "Přejmenováno", "collection": ws.other.collection.pk},
    ),
    "delete_other_document": lambda c, ws: c.post(
        reverse("wagtaildocs:delete", args=[ws.other_document.pk])
    ),
}


@pytest.mark.parametrize("role", EDITING_ROLES)
@pytest.mark.parametrize("action", DENIED_ACTIONS)
def test_editor_of_one_organisation_is_refused_in_another_organisations_workspace(
    action, role, client, orgs, workspaces
):
    client.force_login(orgs.sender.users[role])
    before = snapshot(workspaces)

    response = DENIED_ACTIONS[action](client, workspaces)

    # Wagtail answers a permission refusal with a redirect to the dashboard and a message.
    assert (response.status_code, response.get("Location")) == (302, reverse("wagtailadmin_home"))
    messages = {str(m).strip() for m in response.wsgi_request._messages}
    assert messages & permission_denied_messages(), messages
    assert snapshot(workspaces) == before


@pytest.mark.parametrize("role", EDITING_ROLES)
@pytest.mark.parametrize("upload", ["single", "multiple"])
def test_editor_upload_aimed_at_another_collection_lands_in_own_collection(
    upload, role, client, orgs, workspaces
):
    client.force_login(orgs.sender.users[role])
    before = snapshot(workspaces)
    if upload == "single":
        data = {
            "title": "Podvržený",
            "file": pdf_upload(),
            "collection": workspaces.other.collection.pk,
        }
        response = client.post(reverse("wagtaildocs:add"), data)
        assert response.status_code == 302
    else:
        data = {"files[]": pdf_upload(), "collection": workspaces.other.collection.pk}
        response = client.post(reverse("wagtaildocs:add_multiple"), data)
        assert response.json()["success"] is True

    assert snapshot(workspaces) == before
    uploaded = LibraryDocument.objects.latest("pk")
    assert uploaded.collection == workspaces.own.collection
    assert uploaded.uploaded_by_user == orgs.sender.users[role]


@pytest.mark.parametrize("role", EDITING_ROLES)
def test_editor_document_listing_and_chooser_show_only_own_collection(
    role, client, orgs, workspaces
):
    own_document = make_document(title="Vlastni-metodika.pdf", collection=workspaces.own.collection)
    client.force_login(orgs.sender.users[role])
    for url in (reverse("wagtaildocs:index"), reverse("wagtaildocs_chooser:choose")):
        html = client.get(url).content.decode()
        assert own_document.title in html
        assert workspaces.other_document.title not in html


@pytest.mark.parametrize("role", EDITING_ROLES)
def test_editor_creates_draft_item_in_own_section_attributed_to_own_organisation(
    role, client, orgs, workspaces
):
    client.force_login(orgs.sender.users[role])
    response = client.post(add_item_url(workspaces.own.section), item_form_data())
    assert response.status_code == 302

    item = KnowledgeItemPage.objects.get(slug="nova-metodika")
    assert item.get_parent().pk == workspaces.own.section.pk
    assert item.organisation == orgs.sender.organisation
    assert not item.live
    assert item.revisions.count() == 1


@pytest.mark.parametrize("role", EDITING_ROLES)
def test_editor_uploads_document_into_own_collection_and_attaches_it(
    role, client, orgs, workspaces
):
    client.force_login(orgs.sender.users[role])
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Metodika ke stažení",
            "file": pdf_upload(),
            "collection": workspaces.own.collection.pk,
        },
    )
    assert response.status_code == 302
    document = LibraryDocument.objects.get(title="Metodika ke stažení")
    assert document.collection == workspaces.own.collection

    data = item_form_data(
        attachments=inline_formset([{"document": str(document.pk), "label": "Metodika (PDF)"}])
    )
    response = client.post(add_item_url(workspaces.own.section), data)
    assert response.status_code == 302
    item = KnowledgeItemPage.objects.get(slug="nova-metodika")
    assert [a.document_id for a in item.attachments.all()] == [document.pk]


@pytest.mark.parametrize("role", NON_EDITING_ROLES)
def test_social_workers_and_case_reviewers_have_no_access_to_the_admin(role, client, orgs):
    client.force_login(orgs.sender.users[role])
    response = client.get(add_item_url(orgs.sender.organisation.library_section))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not KnowledgeItemPage.objects.filter(slug="nova-metodika").exists()


def test_ending_an_editing_membership_takes_the_editor_out_of_the_workspace(
    client, orgs, workspaces
):
    editor = orgs.sender.users["editor"]
    editor.memberships.update(is_active=False)
    editor.memberships.first().save()  # the signal re-syncs groups on save

    client.force_login(editor)
    response = client.get(add_item_url(workspaces.own.section))
    assert response.status_code == 302
    assert not editor.groups.filter(name__startswith="Editoři").exists()


def test_renamed_organisation_keeps_its_editors_group_and_collection(orgs):
    organisation = orgs.sender.organisation
    before = organisation_workspace_ensure(organisation)
    organisation.name = "Azylový dům Přerov, z. ú."
    organisation.save()
    after = organisation_workspace_ensure(organisation)
    assert (after.group.pk, after.collection.pk) == (before.group.pk, before.collection.pk)
    assert after.group.name == "Editoři – Azylový dům Přerov, z. ú."
    assert after.collection.name == "Azylový dům Přerov, z. ú."
    assert orgs.sender.users["editor"].groups.filter(pk=before.group.pk).exists()


def test_organisation_with_members_can_be_deleted(orgs):
    from knowledge.models import EditingWorkspace
    from partners.models import Organisation

    organisation = orgs.third.organisation
    organisation.library_section.delete()
    organisation.delete()
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not EditingWorkspace.objects.filter(organisation_id=organisation.pk).exists()
