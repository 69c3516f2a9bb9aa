"""A case study goes to moderation or goes live only after its editor confirms that it is
anonymised: enforced by the admin form and again by the model."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import WorkflowState

from knowledge.models import NOT_ANONYMISED_MESSAGE, KnowledgeItemPage
from tests.knowledge.admin_forms import add_item_url, edit_url, item_form_data, item_form_data_of
from tests.knowledge.factories import make_item

NOT_ANONYMISED_MSGID = "A case study can be published only after you confirm it is anonymised."
PUBLISHING_BUTTONS = ["action-submit", "action-publish"]


def refusal_shown(response) -> bool:
    html = response.content.decode()
    texts = set()
    for language in ("cs", "en"):
        with translation.override(language):
            texts.add(escape(translation.gettext(NOT_ANONYMISED_MSGID)))
    return any(text in html for text in texts)


def case_study(**fields):
    return item_form_data(
        title="Kazuistika rodiny N.",
        slug="kazuistika-rodiny-n",
        kind="case_study",
        **fields,
    )


@pytest.fixture
def section(orgs):
    return orgs.sender.organisation.library_section


@pytest.fixture
def draft_case_study(section):
    return make_item(
        section,
        title="Kazuistika rodiny N.",
        slug="kazuistika-rodiny-n",
        kind="case_study",
        live=False,
    )


def _login_for(button, client, orgs, moderator):
    # Editors submit; only the secretariat has a publish button.
    client.force_login(moderator if button == "action-publish" else orgs.sender.users["editor"])


@pytest.mark.parametrize("button", PUBLISHING_BUTTONS)
def test_new_case_study_without_confirmation_is_refused_by_the_create_view(
    button, client, orgs, section, moderator
):
    _login_for(button, client, orgs, moderator)
    response = client.post(add_item_url(section), case_study(action=button))

    assert response.status_code == 200
    assert refusal_shown(response)
    assert not KnowledgeItemPage.objects.filter(slug="kazuistika-rodiny-n").exists()
    assert not WorkflowState.objects.exists()


@pytest.mark.parametrize("button", PUBLISHING_BUTTONS)
def test_draft_case_study_without_confirmation_is_refused_by_the_edit_view(
    button, client, orgs, draft_case_study, moderator
):
    _login_for(button, client, orgs, moderator)
    revisions_before = draft_case_study.revisions.count()

    response = client.post(
        edit_url(draft_case_study), item_form_data_of(draft_case_study, action=button)
    )

    assert response.status_code == 200
    assert refusal_shown(response)
    draft_case_study.refresh_from_db()
    assert not draft_case_study.live
    assert draft_case_study.revisions.count() == revisions_before
    assert not WorkflowState.objects.exists()


def test_confirmed_case_study_goes_to_moderation(client, orgs, section):
    client.force_login(orgs.sender.users["editor"])
    response = client.post(
        add_item_url(section), case_study(anonymised_confirmed="on", action="action-submit")
    )

    assert response.status_code == 302
    item = KnowledgeItemPage.objects.get(slug="kazuistika-rodiny-n")
    assert item.anonymised_confirmed
    assert item.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_unconfirmed_case_study_may_be_saved_as_a_draft(client, orgs, section):
    client.force_login(orgs.sender.users["editor"])
    response = client.post(add_item_url(section), case_study())

    assert response.status_code == 302
    item = KnowledgeItemPage.objects.get(slug="kazuistika-rodiny-n")
    assert not item.live
    assert not item.anonymised_confirmed


def test_restarting_moderation_after_withdrawing_confirmation_is_refused(
    client, orgs, section, moderator
):
    editor = orgs.sender.users["editor"]
    client.force_login(editor)
    client.post(
        add_item_url(section), case_study(anonymised_confirmed="on", action="action-submit")
    )
    item = KnowledgeItemPage.objects.get(slug="kazuistika-rodiny-n")
    state = item.current_workflow_state

    data = item_form_data_of(item, action="action-restart-workflow")
    data.pop("anonymised_confirmed")
    response = client.post(edit_url(item), data)

    assert response.status_code == 200
    assert refusal_shown(response)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert item.revisions.count() == 1


def test_withdrawing_confirmation_on_a_live_case_study_saves_only_a_draft_that_cannot_go_live(
    client, orgs, section
):
    item = make_item(
        section,
        title="Kazuistika rodiny N.",
        slug="kazuistika-rodiny-n",
        kind="case_study",
        anonymised_confirmed=True,
    )
    client.force_login(orgs.sender.users["editor"])
    data = item_form_data_of(item, summary="Doplněno o podrobnosti.")
    data.pop("anonymised_confirmed")

    saved = client.post(edit_url(item), data)
    submitted = client.post(edit_url(item), {**data, "action-submit": "1"})

    assert saved.status_code == 302, "a draft may be saved while the text is reworked"
    assert submitted.status_code == 200
    assert refusal_shown(submitted)
    item.refresh_from_db()
    assert item.live
    assert item.anonymised_confirmed, "the live version keeps its confirmation"
    assert item.summary == "Jak nastavit tréninkové bydlení v obecních bytech."
    assert not WorkflowState.objects.exists()


def test_model_refuses_to_save_a_new_live_unconfirmed_case_study(section):
    with pytest.raises(ValidationError) as refused:
        make_item(section, title="Kazuistika", slug="kazuistika", kind="case_study")
    assert refused.value.message_dict["anonymised_confirmed"] == [str(NOT_ANONYMISED_MESSAGE)]
    assert not KnowledgeItemPage.objects.filter(slug="kazuistika").exists()


def test_model_saves_live_confirmed_case_study_and_unconfirmed_draft(section):
    make_item(section, title="K", slug="k", kind="case_study", anonymised_confirmed=True)
    make_item(section, title="D", slug="d", kind="case_study", live=False)
    assert set(KnowledgeItemPage.objects.values_list("slug", "live")) == {("k", True), ("d", False)}


def test_publishing_an_unconfirmed_case_study_revision_outside_the_admin_form_fails(
    draft_case_study, moderator
):
    revision = draft_case_study.save_revision(user=moderator)
    with pytest.raises(ValidationError):
        revision.publish(user=moderator)

    assert not KnowledgeItemPage.objects.live().filter(pk=draft_case_study.pk).exists()


def test_dashboard_approval_of_an_unconfirmed_case_study_is_refused_by_the_model(
    client, orgs, section, moderator
):
    """Approval from the dashboard skips the edit form (only a submission that bypassed the
    form could get there); the model still refuses and the approval is rolled back."""
    editor = orgs.sender.users["editor"]
    draft = make_item(section, title="Kazuistika", slug="kazuistika", kind="case_study", live=False)
    draft.save_revision(user=editor)
    draft.get_workflow().start(draft, editor)
    state = draft.current_workflow_state

    client.force_login(moderator)
    with pytest.raises(ValidationError):
        client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[draft.pk, "approve", state.current_task_state_id],
            ),
            {"comment": ""},
        )

    draft.refresh_from_db()
    state.refresh_from_db()
    assert not draft.live
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
