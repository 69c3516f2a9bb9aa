"""Per-organisation editing in the Wagtail admin, driven through the admin views as an
editor's browser would: each organisation writes only in its own section and collection,
and nothing goes live without the secretariat's approval."""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupApprovalTask, Page, Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset

from knowledge.models import KnowledgeItemPage, LibraryDocument
from knowledge.workspaces import MODERATION_WORKFLOW, organisation_workspace_ensure
from tests.conftest import make_org_with_members
from tests.knowledge.admin_forms import (
    add_item_url,
    edit_url,
    item_form_data,
    item_form_data_of,
    pdf_upload,
)
from tests.knowledge.factories import make_document, make_item

EDITING_ROLES = ["editor", "org_admin"]
NON_EDITING_ROLES = ["social_worker", "case_reviewer"]


@dataclass
class Workspaces:
    own: object
    other: object
    other_item: KnowledgeItemPage
    other_document: LibraryDocument
    own_draft: KnowledgeItemPage


@pytest.fixture
def workspaces(orgs) -> Workspaces:
    """The shelter's editor writes in the shelter's workspace; the municipality's section
    holds a live item with a document in the municipality's collection."""
    own = organisation_workspace_ensure(orgs.sender.organisation)
    other = organisation_workspace_ensure(orgs.receiver.organisation)
    other_document = make_document(title="Koncepce-mesta.pdf", collection=other.collection)
    other_item = make_item(other.section, title="Koncepce bydlení města", document=other_document)
    own_draft = make_item(own.section, title="Rozpracovaná metodika", live=False)
    return Workspaces(own, other, other_item, other_document, own_draft)


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


@pytest.mark.parametrize("role", EDITING_ROLES)
def test_editor_clicking_publish_only_saves_a_draft(role, client, orgs, workspaces):
    client.force_login(orgs.sender.users[role])
    draft = workspaces.own_draft
    response = client.post(
        edit_url(draft),
        item_form_data_of(draft, title="Zkusím publikovat", action="action-publish"),
    )
    assert response.status_code == 302

    draft.refresh_from_db()
    assert not draft.live
    assert draft.live_revision is None
    assert draft.draft_title == "Zkusím publikovat"
    assert not WorkflowState.objects.exists()


def _submit_new_item(client, section, **fields):
    response = client.post(add_item_url(section), item_form_data(action="action-submit", **fields))
    assert response.status_code == 302
    return KnowledgeItemPage.objects.get(slug=fields.get("slug", "nova-metodika"))


def _approve(client, item):
    state = WorkflowState.objects.get(
        base_content_type__isnull=False, object_id=str(item.pk), status="in_progress"
    )
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[item.pk, "approve", state.current_task_state_id],
        ),
        {"comment": "Schváleno."},
    )


def test_editor_submission_waits_for_the_secretariat_then_goes_live(
    client, orgs, workspaces, moderator
):
    client.force_login(orgs.sender.users["editor"])
    item = _submit_new_item(client, workspaces.own.section)

    state = item.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == MODERATION_WORKFLOW
    task = state.current_task_state.task.specific
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.all()) == list(moderator.groups.all())
    assert not item.live
    client.logout()
    assert client.get("/knihovna/azylovy-dum/nova-metodika/").status_code == 404

    client.force_login(moderator)
    response = _approve(client, item)
    assert response.status_code == 302

    item.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert item.live
    assert item.live_revision is not None
    assert item.revisions.count() >= 1
    client.logout()
    assert client.get(item.url).status_code == 200


def test_editor_cannot_approve_own_submission(client, orgs, workspaces):
    client.force_login(orgs.sender.users["editor"])
    item = _submit_new_item(client, workspaces.own.section)

    _approve(client, item)

    item.refresh_from_db()
    assert not item.live
    assert item.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_editor_of_another_organisation_cannot_approve_a_submission(client, orgs, workspaces):
    client.force_login(orgs.sender.users["editor"])
    item = _submit_new_item(client, workspaces.own.section)

    client.force_login(orgs.receiver.users["org_admin"])
    _approve(client, item)

    item.refresh_from_db()
    assert not item.live


def test_secretariat_can_send_a_submission_back_and_it_stays_offline(
    client, orgs, workspaces, moderator
):
    client.force_login(orgs.sender.users["editor"])
    item = _submit_new_item(client, workspaces.own.section)
    state = item.current_workflow_state

    client.force_login(moderator)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[item.pk, "reject", state.current_task_state_id],
        ),
        {"comment": "Doplňte prosím zdroje."},
    )

    state.refresh_from_db()
    item.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not item.live


def test_every_revision_is_kept_across_edits_and_approvals(client, orgs, workspaces, moderator):
    editor = orgs.sender.users["editor"]
    client.force_login(editor)
    item = _submit_new_item(client, workspaces.own.section)
    client.force_login(moderator)
    _approve(client, item)
    item.refresh_from_db()
    first_live_revision = item.live_revision

    client.force_login(editor)
    response = client.post(
        edit_url(item), item_form_data_of(item, title="Metodika, 2. vydání", action="action-submit")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Nová metodika", "the live version changes only after approval"
    client.force_login(moderator)
    _approve(client, item)

    item.refresh_from_db()
    assert item.title == "Metodika, 2. vydání"
    revisions = list(item.revisions.order_by("created_at"))
    assert len(revisions) == 2
    assert revisions[0].pk == first_live_revision.pk
    assert revisions[0].content["title"] == "Nová metodika"
    assert {r.user for r in revisions} == {editor}
    history = client.get(reverse("wagtailadmin_pages:history", args=[item.pk]))
    assert history.status_code == 200


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
