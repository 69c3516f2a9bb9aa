"""`manage.py load_demo`: idempotent, realistic, and everything it makes opens and renders.

The demo is loaded once for the module (the `demo` fixture, tests/demo.py).
"""

import io
import re

import docx
import openpyxl
import pypdf
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from cms.demo.users import DEMO_PASSWORD
from cms.management.commands import load_demo as load_demo_command
from cms.models import HomePage, ProjectPage
from core.access import SECRETARIAT_GROUP
from knowledge.models import KnowledgeItemPage, KnowledgeKind, LibraryDocument, Visibility
from partners.models import Membership, Organisation
from partners.validators import ico_is_valid

CZECH_LETTERS = set("áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ")


def _snapshot() -> dict:
    """Row counts of every table, plus the fields a re-run could silently rewrite."""
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    return {
        "counts": counts,
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "path", "latest_revision_id", "last_published_at"
            )
        ),
        "users": list(get_user_model().objects.order_by("pk").values_list("pk", "password")),
        "documents": list(
            LibraryDocument.objects.order_by("pk").values_list("pk", "file", "file_hash")
        ),
        "organisations": list(Organisation.objects.order_by("pk").values()),
    }


def _text_of(document: LibraryDocument) -> str:
    with document.open_file() as handle:
        if document.file_extension == "pdf":
            text = "\n".join(page.extract_text() for page in pypdf.PdfReader(handle).pages)
        elif document.file_extension == "docx":
            text = "\n".join(paragraph.text for paragraph in docx.Document(handle).paragraphs)
        elif document.file_extension == "xlsx":
            sheet = openpyxl.load_workbook(handle, read_only=True).active
            text = "\n".join(
                str(value) for row in sheet.iter_rows(values_only=True) for value in row if value
            )
        else:
            raise AssertionError(f"unexpected file type {document.file.name}")
    return " ".join(text.split())


def test_second_run_creates_and_changes_nothing(demo, db):
    before = _snapshot()
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert _snapshot() == before
    assert Revision.objects.count() == before["counts"]["wagtailcore.Revision"]
    assert "/ 0 new" in output.getvalue()
    assert not re.search(r"/ [1-9][0-9]* new", output.getvalue())


def test_demo_has_enough_realistic_content(demo, db):
    assert Organisation.objects.count() >= 12
    assert Organisation.objects.filter(kind=Organisation.Kind.CITY_DISTRICT).count() >= 2
    for kind in Organisation.Kind.values:
        assert Organisation.objects.filter(kind=kind).exists(), kind
    assert all(ico_is_valid(ico) for ico in Organisation.objects.values_list("ico", flat=True))

    items = KnowledgeItemPage.objects.live()
    assert items.count() >= 28
    assert set(items.values_list("kind", flat=True)) == set(KnowledgeKind.values)
    members_only = items.filter(visibility=Visibility.MEMBERS)
    assert members_only.count() >= 6
    assert members_only.filter(attachments__isnull=False).distinct().count() >= 2
    assert not items.filter(attachments__isnull=True).exists()
    assert not items.filter(kind=KnowledgeKind.CASE_STUDY, anonymised_confirmed=False).exists()
    assert all(item.get_latest_revision() is not None for item in items)

    extensions = [document.file_extension for document in LibraryDocument.objects.all()]
    assert len(extensions) >= 25
    assert extensions.count("xlsx") >= 2
    assert extensions.count("docx") >= 5 and extensions.count("pdf") >= 10


def test_home_page_replaces_the_welcome_page_as_site_root(demo, db):
    site = Site.objects.get(is_default_site=True)
    # The portal's own address (BASE_URL, 127.0.0.1:8000 by default), not Wagtail's
    # "localhost": the sitemap lists pages on the Site's host (issue 17).
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert site.root_page.specific_class is HomePage
    assert site.root_page.slug == "uvod"
    assert not Page.objects.filter(title__startswith="Welcome").exists()
    urls = {page.url for page in site.root_page.get_children().specific()}
    assert {"/knihovna/", "/projekty/", "/aktuality/", "/o-partnerstvi/"} <= urls


def test_the_sitemap_lists_pages_on_the_portals_own_host(demo, db, client):
    sitemap = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert "http://127.0.0.1:8000/knihovna/" in locations
    assert all(location.startswith("http://127.0.0.1:8000/") for location in locations)


def test_every_document_opens_and_carries_its_czech_text(demo, db):
    for document in LibraryDocument.objects.all():
        text = _text_of(document)
        item = document.attachments.get().page
        assert item.title in text, document.file.name
        assert CZECH_LETTERS & set(text), document.file.name
        assert document.collection.name == item.organisation.name


def test_demo_accounts_exist_for_each_role_and_can_log_in(demo, db, client):
    for prefix in ("prerov", "ostrava", "cssp", "mna", "azyl"):
        roles = set(
            Membership.objects.filter(user__username__startswith=f"{prefix}-").values_list(
                "role", flat=True
            )
        )
        assert roles == set(Membership.Role.values), prefix
    User = get_user_model()
    assert User.objects.get(username="sekretariat").groups.filter(name=SECRETARIAT_GROUP).exists()
    assert User.objects.get(username="admin").is_superuser
    assert client.login(username="prerov-socialni", password=DEMO_PASSWORD)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", ["Sociální bydlení – odborné partnerství", "Konečně domov"]),
        ("/knihovna/", ["Knihovna", "Příprava rodiny na odchod z azylového domu"]),
        (
            "/projekty/koncepce-bydleni-ostrava/",
            ["Pilotní ověření tzv. krizového bydlení", "KA 02", "Moravská Ostrava a Přívoz"],
        ),
        ("/partneri/", ["Statutární město Přerov", "Městská nájemní agentura Praha"]),
        (
            "/partneri/statutarni-mesto-prerov/",
            ["Tréninkové bydlení v sociálních bytech", "dodavatele energií"],
        ),
        ("/o-partnerstvi/", ["Plzeňském kraji", "Koalice odborného partnerství"]),
        ("/prostupne-bydleni/", ["Krizové bydlení", "Standardní nájem"]),
        ("/aktuality/", ["informační kampaň", "Konečně domov"]),
    ],
)
def test_public_pages_render_czech_content(demo, db, client, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in expected:
        assert text in html, text


def test_members_only_items_stay_hidden_from_the_public(demo, db, client):
    item = KnowledgeItemPage.objects.get(slug="kazuistika-matka-z-azyloveho-domu")
    assert item.visibility == Visibility.MEMBERS
    assert item.title not in client.get("/knihovna/").content.decode()
    assert client.get(item.url).status_code == 404
    client.force_login(get_user_model().objects.get(username="azyl-socialni"))
    assert client.get(item.url).status_code == 200


def test_project_page_shows_period_budget_and_partners(demo, db, client):
    project = ProjectPage.objects.get(slug="koncepce-bydleni-ostrava")
    assert project.budget_czk == 14605116
    assert project.key_activities.count() == 6
    html = client.get(project.url).content.decode().replace("\xa0", " ")
    assert "14 605 116" in html
    assert "30. 9. 2019" in html


def test_module_loaders_are_called_in_order_when_their_commands_exist(demo, db, monkeypatch):
    calls = []
    present = {"load_demo_referrals": "referrals", "load_demo_outcomes": "outcomes"}
    monkeypatch.setattr(load_demo_command, "get_commands", lambda: present)
    monkeypatch.setattr(
        load_demo_command, "call_command", lambda name, **options: calls.append(name)
    )
    call_command("load_demo", stdout=io.StringIO())
    assert calls == ["load_demo_referrals", "load_demo_outcomes"]


def test_a_statistics_page_shows_real_counts_beside_hidden_ones(demo, db, client):
    from outcomes.models import ProjectStatisticsPage

    page = ProjectStatisticsPage.objects.get(slug="statistiky", url_path__contains="kadan")
    table = page.figures["table"]
    cells = [value for line in table["cells"] for value in line]
    assert any(value is not None and value >= 5 for value in cells)
    assert None in cells
    assert all(value is None or value >= 5 for value in cells)
    html = client.get(page.url).content.decode()
    assert "×" in html
