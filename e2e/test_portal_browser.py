"""The portal in a real browser: a reader finds and downloads a methodology, an editor
writes an item in the admin and sends it to the secretariat."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from e2e.conftest import ARTIFACTS, axe_check, log_in
from knowledge.models import KnowledgeItemPage
from knowledge.workspaces import MODERATION_WORKFLOW

pytestmark = pytest.mark.browser


def in_ui_language(msgid: str) -> re.Pattern:
    """A UI text as the portal or Wagtail's admin shows it, in Czech (default) or English."""
    texts = set()
    for language in ("cs", "en"):
        with translation.override(language):
            texts.add(re.escape(translation.gettext(msgid)))
    return re.compile("|".join(sorted(texts)), re.IGNORECASE)


def test_home_page_renders_styled_with_the_latest_library_items(page, demo_site):
    page.goto("/")

    expect(page).to_have_title(in_ui_language("Social housing coalition"))
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page.locator("h1")).to_have_text(demo_site.home.title)
    latest = page.locator("section[aria-labelledby=latest-items]")
    expect(latest.get_by_role("link", name=demo_site.public_item.title)).to_be_visible()
    expect(latest.get_by_text(demo_site.members_item.title)).to_have_count(0)
    # The stylesheet arrived: the header wears the brand colour, not the browser default.
    header_colour = page.locator(".site-header").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert header_colour == "rgb(8, 63, 86)"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)


def test_skip_link_moves_keyboard_focus_to_the_main_content(page, demo_site):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_reader_filters_the_library_opens_an_item_and_downloads_its_pdf(page, demo_site):
    page.goto("/")
    page.get_by_role("navigation", name=re.compile(".")).get_by_role(
        "link", name=re.compile("Library|Knihovna")
    ).click()
    expect(page).to_have_url(re.compile("/knihovna/$"))
    cards = page.locator("article.item-card")
    expect(cards).to_have_count(2)  # the members-only item stays hidden from anonymous

    page.select_option("#id_kind", "methodology")
    page.locator("#library-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]kind=methodology"))
    expect(cards).to_have_count(1)
    expect(page.locator("#id_kind")).to_have_value("methodology")

    cards.get_by_role("link", name=demo_site.public_item.title).click()
    expect(page.locator("h1")).to_have_text(demo_site.public_item.title)
    download_link = page.locator("section.downloads a[download]")
    expect(download_link).to_have_count(1)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == demo_site.document.filename
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read().startswith(b"%PDF")


def test_members_only_item_is_not_found_in_the_browser_for_anonymous(page, demo_site):
    response = page.goto(demo_site.members_item.url)
    assert response.status == 404
    expect(page.locator("h1")).not_to_have_text(demo_site.members_item.title)


def test_english_switch_changes_the_page_language(page, demo_site):
    page.goto("/knihovna/")
    page.locator("form.language button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile("/knihovna/$"))


def _save_draft(page):
    with page.expect_navigation():
        page.locator("footer button[type=submit]:not([name])").first.click()


def _open_more_actions(page):
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()


def test_editor_logs_in_writes_an_item_and_submits_it_for_moderation(page, demo_site):
    log_in(page, demo_site.editor.username, next_url="/admin/")
    expect(page).to_have_url(re.compile("/admin/$"))

    # A new item in the editor's own section, saved as a draft.
    page.goto(f"/admin/pages/add/knowledge/knowledgeitempage/{demo_site.editor_section.pk}/")
    page.fill("#id_title", "Metodika práce s dluhy")
    page.press("#id_title", "Tab")  # leaving the title fills the slug, as for a person
    # Wagtail fills the slug from a script; on a busy machine it can lag behind the save.
    expect(page.locator("#id_slug")).to_have_value(re.compile(r"\S"))
    page.select_option("#id_kind", "methodology")
    page.fill("#id_summary", "Jak s rodinou sestavit splátkový kalendář.")
    page.fill("#id_year", "2024")
    _save_draft(page)
    item = KnowledgeItemPage.objects.get(title="Metodika práce s dluhy")
    assert not item.live
    assert item.organisation == demo_site.organisation
    expect(page).to_have_url(re.compile(rf"/admin/pages/{item.pk}/edit/"))

    # Edit it, then send it to the secretariat.
    page.fill("#id_title", "Metodika práce s dluhy rodin")
    _open_more_actions(page)
    submit = page.locator("footer button[name=action-submit]")
    expect(submit).to_contain_text(MODERATION_WORKFLOW)
    with page.expect_navigation():
        submit.click()

    state = WorkflowState.objects.get(object_id=str(item.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == MODERATION_WORKFLOW
    item.refresh_from_db()
    assert not item.live
    assert item.draft_title == "Metodika práce s dluhy rodin"
    assert item.revisions.count() >= 2  # the draft, then the submission (autosave may add)

    # The editor sees the item waiting for the secretariat: Wagtail's status in the
    # section's listing, and the lock banner on the edit page.
    explorer = page.goto(f"/admin/pages/{demo_site.editor_section.pk}/")
    assert explorer.ok
    row = page.locator("tr", has_text="Metodika práce s dluhy rodin")
    expect(row).to_contain_text(in_ui_language("in moderation"), ignore_case=True)
    page.goto(f"/admin/pages/{item.pk}/edit/")
    expect(page.locator("button[name=action-cancel-workflow]").first).to_be_attached()

    # Nothing is public yet.
    response = page.goto("/knihovna/azylovy-dum/metodika-prace-s-dluhy/")
    assert response.status == 404


def test_editor_cannot_open_another_organisations_section_in_the_admin(page, demo_site):
    log_in(page, demo_site.editor.username, next_url="/admin/")
    other_section = KnowledgeItemPage.objects.get(slug="kazuistika-rodina").get_parent()
    page.goto(f"/admin/pages/add/knowledge/knowledgeitempage/{other_section.pk}/")
    expect(page).to_have_url(re.compile("/admin/$"))
    assert not page.locator("#id_title").count()


def test_axe_check_reports_serious_violations_of_a_broken_page(page, demo_site):
    """The accessibility helper itself works: a page with a nameless image, no language and
    grey-on-white text fails it."""
    # about:blank, not a portal page: the portal's CSP would block the inline style below.
    page.goto("about:blank")
    page.set_content(
        "<html><head><title>x</title></head><body><main><img src='/static/none.png'>"
        "<p style='color:#bbb;background:#fff'>Málo kontrastní text</p></main></body></html>"
    )
    rules = {violation["id"] for violation in axe_check(page)}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= rules
