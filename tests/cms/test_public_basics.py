"""The basics of a Czech public portal (issue 17, point 3): an accessibility statement as
Act No. 99/2019 Coll. asks, contacts and a personal-data note in the footer, and the
housing pathway page, linked from the menu, with its stages drawn as text."""

import re

import pytest
from django.urls import reverse

from cms.models import StandardPage
from partners.models import PathwayStage

pytestmark = pytest.mark.django_db

STATEMENT = "/prohlaseni-o-pristupnosti/"


@pytest.fixture
def contacts(site_tree, settings):
    settings.PORTAL_CONTACTS = {
        **settings.PORTAL_CONTACTS,
        "email": "sekretariat@example.org",
        "phone": "+420 123 456 789",
        "data_protection_email": "gdpr@example.org",
    }
    return settings.PORTAL_CONTACTS


def _footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


def test_the_footer_has_contacts_a_personal_data_note_and_the_statement(client, contacts):
    footer = _footer(client.get("/").content.decode())
    assert 'href="mailto:sekretariat@example.org"' in footer
    assert 'href="tel:+420123456789"' in footer
    note = re.search(r'data-testid="personal-data-note">(.*?)</p>', footer, re.S)[1]
    assert "Osobní údaje:" in note and 'href="mailto:gdpr@example.org"' in note
    assert f'href="{STATEMENT}">Prohlášení o přístupnosti</a>' in footer


def test_the_accessibility_statement_says_what_the_law_asks(client, contacts):
    assert reverse("accessibility_statement") == STATEMENT
    html = client.get(STATEMENT).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "<h1>Prohlášení o přístupnosti</h1>" in main
    assert "zákonem č. 99/2019 Sb." in main
    for heading in ("Stav souladu", "Nepřístupný obsah", "Vypracování tohoto prohlášení"):
        assert f"<h2>{heading}</h2>" in main
    assert "<h2>Zpětná vazba a kontakty</h2>" in main and "mailto:sekretariat@example.org" in main
    assert "Ministerstvo vnitra" in main  # where to turn when the answer does not satisfy
    assert re.search(r"vypracováno \d+\.\xa0\d+\.\xa0\d{4}", main)  # the date of the assessment


def test_the_site_map_lists_the_statement(client, site_tree):
    html = client.get(reverse("cms:site_map")).content.decode()
    assert f'href="{STATEMENT}"' in html


def test_the_pathway_page_is_in_the_menu_and_draws_its_stages_as_text(client, site_tree):
    page = StandardPage(
        title="Prostupné bydlení", slug="prostupne-bydleni", show_pathway_diagram=True
    )
    site_tree.home.add_child(instance=page)
    html = client.get(page.url).content.decode()
    menu = re.search(r'<nav class="main-nav".*?</nav>', html, re.S)[0]
    assert 'href="/prostupne-bydleni/"' in menu
    figure = re.search(r'<figure class="pathway-diagram".*?</figure>', html, re.S)[0]
    assert "<img" not in figure and "<figcaption" in figure
    names = re.findall(r'class="pathway-stage__name">(.*?)</strong>', figure)
    assert names == [stage.name for stage in PathwayStage.objects.order_by("level")]
    assert len(names) >= 5
    assert "kazuistická skupina" in figure  # who decides a move down, in words


def test_an_ordinary_page_has_no_diagram(client, site_tree):
    page = StandardPage(title="O nás", slug="o-nas")
    site_tree.home.add_child(instance=page)
    assert "pathway-diagram" not in client.get(page.url).content.decode()
