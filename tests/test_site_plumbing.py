"""What every public site answers at its root, as a reader and a crawler meet it (issue 17):
robots.txt, a favicon, an HTML site map linked from the footer, the housing-pathway page
in the menu, and a login offered on a page a logged-out reader may not see."""

import re

import pytest
from django.test import Client
from wagtail.models import Site

from cms.models import StandardPage
from tests.knowledge.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_site(site_tree, orgs):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "bydleni.example.cz", 443
    site.save()
    pathway = StandardPage(title="Prostupné bydlení", slug="prostupne-bydleni", intro="Stupně.")
    site_tree.home.add_child(instance=pathway)
    pathway.save_revision().publish()
    section = orgs.third.organisation.library_section
    members_item = make_item(section, title="Interní hodnocení pilotu", visibility="members")
    public_item = make_item(section, title="Veřejná metodika", slug="verejna-metodika")
    return {"site": site, "members_item": members_item, "public_item": public_item}


def test_robots_txt_points_to_the_sitemap_on_the_sites_host(public_site):
    response = Client().get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: https://bydleni.example.cz/sitemap.xml" in text
    disallowed = re.findall(r"^Disallow: (\S+)$", text, re.MULTILINE)
    assert {"/admin/", "/predavani/", "/prideleni/", "/vysledky/"} <= set(disallowed)
    assert "/knihovna/" not in disallowed


def test_favicon_is_an_icon(public_site):
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
    assert Client().head("/favicon.ico").status_code == 200


def test_sitemap_lists_pages_on_the_sites_host(public_site):
    xml = Client().get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "https://bydleni.example.cz/prostupne-bydleni/" in locations
    assert all(loc.startswith("https://bydleni.example.cz/") for loc in locations)
    assert not any("interni" in loc for loc in locations)


def test_footer_site_map_opens_an_html_page_of_the_site(public_site):
    home = Client().get("/").content.decode()
    footer = home.split('class="site-footer"', 1)[1]
    link = re.search(r'<a href="([^"]+)">Mapa stránek</a>', footer)
    assert link, "the footer links the site map"
    response = Client().get(link.group(1))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<h1>Mapa stránek</h1>" in html
    assert 'href="/prostupne-bydleni/"' in html and 'href="/knihovna/"' in html
    assert "Interní hodnocení pilotu" not in html


def test_the_housing_pathway_page_is_in_the_main_menu(public_site):
    html = Client().get("/knihovna/").content.decode()
    menu = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/prostupne-bydleni/"' in menu
    assert Client().get("/prostupne-bydleni/").status_code == 200


def test_logged_out_reader_of_a_members_item_is_offered_a_login(public_site):
    item = public_site["members_item"]
    response = Client().get(item.url)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'href="/prihlaseni/?next={item.url}"' in html
    assert "Interní hodnocení pilotu" not in html
    # A page that does not exist gets the same answer, so the answer reveals nothing.
    missing = Client().get(item.url.replace("interni", "neni"))
    assert missing.status_code == 404
    assert main_of(missing.content.decode()).replace("neni", "interni") == main_of(html)


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_member_logging_in_from_that_page_gets_the_item(public_site, orgs):
    item = public_site["members_item"]
    client = Client()
    client.force_login(orgs.sender.users["social_worker"])
    assert "Interní hodnocení pilotu" in client.get(item.url).content.decode()
