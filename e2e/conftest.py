"""Real-browser fixtures: Debian's chromium driven by Python Playwright against
pytest-django's live server, and axe-core (from e2e/node_modules) for accessibility.

Playwright cannot download its own browsers here, so it launches /usr/bin/chromium
(scripts/bootstrap installs it; CHROMIUM_PATH overrides the path).
"""

import datetime
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in the main thread; Django would take
# every ORM call made by a fixture or a test there for a call from async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from fpdf import FPDF  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests import conftest as root_fixtures  # noqa: E402

# The root fixtures live in tests/conftest.py, which only reaches tests under tests/.
site_tree = root_fixtures.site_tree
orgs = root_fixtures.orgs
moderator = root_fixtures.moderator

E2E_DIR = Path(__file__).resolve().parent
AXE_SCRIPT = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = E2E_DIR / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.1 A and AA; axe's best-practice rules are advice, not the standard.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
PASSWORD = "heslo-pro-testy-123"  # noqa: S105 (tests.partners.factories.UserFactory)


@pytest.fixture(autouse=True)
def _restore_migration_data_around_each_test(django_db_serialized_rollback, restore_after_session):
    """The live server needs a transactional database, which is emptied after every test;
    serialized rollback puts the migrations' data (Wagtail's root page and collection, the
    pathway stages and target groups) back before each one."""


@pytest.fixture(scope="session")
def restore_after_session(django_db_setup, django_db_blocker):
    from django.db import connections

    serialized = {}
    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            serialized[alias] = contents
            # Once Playwright's sync API runs, test code runs in another contextvars context
            # and Django hands out new connection objects there, without the serialized
            # contents that serialized rollback looks for; the class attribute reaches them.
            type(connection)._test_serialized_contents = contents
    yield
    # The last transactional test leaves the database empty; a reused test database
    # (--reuse-db) would then start the next run without the migrations' data.
    with django_db_blocker.unblock():
        for alias, contents in serialized.items():
            connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/bootstrap test (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files of one test, in a throw-away directory the live server also reads."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def page(browser, live_server, media_root):
    context = browser.new_context(
        base_url=live_server.url,
        locale="cs-CZ",
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def axe_check(page) -> list[dict]:
    """Run axe-core on the page; return its serious and critical WCAG 2.1 AA violations."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` in e2e/ (scripts/bootstrap test)")
    # Evaluated through the DevTools protocol rather than added as a <script>: the portal's
    # Content-Security-Policy rightly refuses inline scripts, and the audit must not need
    # the policy turned off.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: "tag", values: tags}})""",
        AXE_TAGS,
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [" ".join(node["target"]) for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def pdf_bytes(title: str) -> bytes:
    """A real one-page PDF (DejaVu when installed, for Czech letters)."""
    pdf = FPDF()
    pdf.add_page()
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if font.exists():
        pdf.add_font("DejaVu", fname=str(font))
        pdf.set_font("DejaVu", size=14)
    else:
        pdf.set_font("Helvetica", size=14)
        title = title.encode("ascii", "replace").decode()
    pdf.multi_cell(0, 10, title)
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


@dataclass
class DemoSite:
    home: object
    library: object
    public_item: object
    members_item: object
    document: object
    project: object
    news: object
    organisation: object
    editor: object
    editor_section: object
    moderator: object


@pytest.fixture
def demo_site(media_root, site_tree, orgs, moderator) -> DemoSite:
    """A small portal: home, library with items (one with a PDF), partner organisations
    with programmes, news, a project, an about page and an editor."""
    from cms.models import (
        NewsIndexPage,
        NewsPage,
        ProjectIndexPage,
        ProjectKeyActivity,
        ProjectPage,
        StandardPage,
    )
    from knowledge.models import Topic
    from partners.models import IntakeCriterion, PathwayStage, TargetGroup
    from tests.knowledge.factories import make_document, make_item
    from tests.partners.factories import ProgrammeFactory

    home = site_tree.home
    home.intro = "Portál odborného partnerství pro sociální a prostupné bydlení."
    home.save_revision().publish()

    shelter = orgs.sender.organisation
    shelter.description = "Azylový dům pro matky s dětmi a rodiny v bytové nouzi."
    shelter.street_address = "Škodova 1"
    shelter.email = "info@azylovy-dum.example"
    shelter.save()
    families = TargetGroup.objects.get(slug="rodiny-s-detmi")
    for organisation, stage in (
        (shelter, "krizove"),
        (orgs.receiver.organisation, "treninkove"),
        (orgs.third.organisation, "socialni"),
    ):
        programme = ProgrammeFactory(
            organisation=organisation,
            stage=PathwayStage.objects.get(slug=stage),
            local_stage_name="",
            name=f"Program – {organisation.name}",
        )
        programme.target_groups.set([families])
        IntakeCriterion.objects.create(
            programme=programme, text="Spolupráce se sociálním pracovníkem"
        )

    topic = Topic.objects.create(slug="prostupne-bydleni", name="Prostupné bydlení")
    document = make_document(
        title="Metodika-treninkoveho-bydleni.pdf",
        content=pdf_bytes("Metodika tréninkového bydlení – Přerov"),
    )
    public_item = make_item(
        shelter.library_section,
        title="Metodika tréninkového bydlení",
        slug="metodika-treninkoveho-bydleni",
        summary="Jak obec a azylový dům společně vedou rodinu od krizového bydlení k nájmu.",
        region="olomoucky",
        document=document,
    )
    public_item.topics.set([topic])
    public_item.save_revision().publish()
    case_study = make_item(
        orgs.receiver.organisation.library_section,
        title="Kazuistika: rodina v tréninkovém bydlení",
        slug="kazuistika-rodina",
        kind="case_study",
        anonymised_confirmed=True,
        summary="Anonymizovaný průběh dvou let v tréninkovém bytě.",
    )
    members_item = make_item(
        orgs.third.organisation.library_section,
        title="Interní hodnocení pilotního projektu",
        slug="interni-hodnoceni",
        kind="evaluation",
        visibility="members",
        summary="Pouze pro členy koalice.",
    )
    case_study.related_items.set([public_item])
    case_study.save_revision().publish()

    news_index = NewsIndexPage(title="Aktuality", slug="aktuality", intro="Novinky z partnerství.")
    home.add_child(instance=news_index)
    news = NewsPage(
        title="Setkání odborného partnerství v Přerově",
        slug="setkani-v-prerove",
        date=datetime.date(2024, 5, 14),
        summary="Partneři sdíleli zkušenosti s tréninkovým bydlením.",
    )
    news_index.add_child(instance=news)
    project_index = ProjectIndexPage(title="Projekty", slug="projekty")
    home.add_child(instance=project_index)
    project = ProjectPage(
        title="Prostupné bydlení v Přerově",
        slug="prostupne-bydleni-prerov",
        summary="Systém prostupného bydlení pro rodiny s dětmi.",
        period_start=datetime.date(2017, 1, 1),
        period_end=datetime.date(2019, 12, 31),
        budget_czk=4_500_000,
        funding="OP Zaměstnanost",
        registration_number="CZ.03.2.63/0.0/0.0/15_007/0000001",
        lead_organisation=orgs.receiver.organisation,
    )
    project_index.add_child(instance=project)
    ProjectKeyActivity.objects.create(page=project, code="KA 01", title="Tréninkové bydlení")
    project.partner_organisations.set([shelter])
    project.target_groups.set([families])
    project.save_revision().publish()
    home.add_child(
        instance=StandardPage(
            title="O partnerství", slug="o-partnerstvi", intro="Kdo jsme a co děláme."
        )
    )

    return DemoSite(
        home=home,
        library=site_tree.library,
        public_item=public_item,
        members_item=members_item,
        document=document,
        project=project,
        news=news,
        organisation=shelter,
        editor=orgs.sender.users["editor"],
        editor_section=shelter.library_section,
        moderator=moderator,
    )


def log_in(page, username: str, *, next_url: str = "/") -> None:
    """Log in through the portal's own login page, as a person would."""
    page.goto(f"/prihlaseni/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    # Wait for the POST's answer, not the current page's load state: the click only starts
    # the navigation, and a check right after it would race the server.
    with page.expect_navigation():
        page.click("main button[type=submit]")
