"""Nothing an organisation's editor writes goes live without the secretariat's approval:
the moderation workflow driven through the Wagtail admin views."""

import pytest
from django.urls import reverse
from wagtail.models import GroupApprovalTask, WorkflowState

from knowledge.models import KnowledgeItemPage
from knowledge.workspaces import MODERATION_WORKFLOW
from tests.knowledge.admin_forms import add_item_url, edit_url, item_form_data, item_form_data_of
from tests.knowledge.conftest import EDITING_ROLES


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
