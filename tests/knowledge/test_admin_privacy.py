"""An editor of one organisation does not see the title of another organisation's draft
anywhere in the admin (issue 17): not in the page chooser, not in its search, not in any
report. The draft's own editors still find it."""

import pytest
from django.test import Client

from tests.knowledge.factories import make_item

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Kazuistika paní Novákové z Kopanin"


@pytest.fixture
def draft(orgs, site_tree):
    section = orgs.receiver.organisation.library_section
    item = make_item(section, title=DRAFT_TITLE, slug="kazuistika-pracovni", live=False)
    item.save_revision(user=orgs.receiver.users["editor"])
    make_item(section, title="Veřejná metodika přijímající obce", slug="verejna-metodika")
    return item


def text_of(response) -> str:
    """The HTML a person sees: the chooser answers JSON with the HTML inside (escaped)."""
    if response["Content-Type"].startswith("application/json"):
        return response.json().get("html", "")
    return response.content.decode()


def admin_urls(site_tree, draft) -> list[str]:
    section = draft.get_parent()
    return [
        "/admin/",
        "/admin/choose-page/",
        f"/admin/choose-page/{site_tree.library.pk}/",
        f"/admin/choose-page/{section.pk}/",
        "/admin/choose-page/search/?q=Novákové",
        "/admin/choose-page/search/?q=kazuistika",
        "/admin/pages/search/?q=Novákové",
        "/admin/reports/page-types-usage/",
        "/admin/reports/page-types-usage/results/",
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
    ]


def test_editor_of_another_organisation_never_sees_the_drafts_title(orgs, site_tree, draft):
    client = Client()
    client.force_login(orgs.sender.users["editor"])
    answered = 0
    for url in admin_urls(site_tree, draft):
        response = client.get(url)
        body = text_of(response)
        assert DRAFT_TITLE not in body, url
        answered += response.status_code == 200
    assert answered >= 10, "the crawl reached the chooser and the reports"
    # Public work of the other organisation can still be linked.
    found = text_of(client.get("/admin/choose-page/search/?q=metodika"))
    assert "Veřejná metodika přijímající obce" in found


def test_the_drafts_own_editor_finds_it_in_the_chooser(orgs, site_tree, draft):
    client = Client()
    client.force_login(orgs.receiver.users["editor"])
    assert DRAFT_TITLE in text_of(client.get(f"/admin/choose-page/{draft.get_parent().pk}/"))
    assert DRAFT_TITLE in text_of(client.get("/admin/choose-page/search/?q=Novákové"))
