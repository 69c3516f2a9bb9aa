"""The portal speaks Czech by default; English is one button away (Django's set_language)."""

import re

import pytest

PAGES = ["/", "/knihovna/", "/partneri/", "/prihlaseni/"]


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


@pytest.mark.parametrize("url", PAGES)
def test_page_is_czech_by_default(url, client, site_tree):
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang(response) == "cs"
    assert response["Content-Language"] == "cs"


@pytest.mark.parametrize("url", PAGES)
def test_switching_to_english_changes_the_lang_attribute(url, client, site_tree):
    response = client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url

    response = client.get(url)
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"


def test_switching_back_to_czech(client, site_tree):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "cs", "next": "/"})
    assert html_lang(client.get("/")) == "cs"


def test_language_switch_offers_the_other_language_with_its_own_lang(client, site_tree):
    czech = client.get("/").content.decode()
    assert re.search(r'<button[^>]*name="language" value="en"[^>]*lang="en"', czech)
    assert 'value="cs"' not in czech.split('action="/i18n/setlang/"')[1].split("</form>")[0]

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert re.search(r'<button[^>]*name="language" value="cs"[^>]*lang="cs"', english)


def test_unknown_language_is_ignored(client, site_tree):
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert html_lang(client.get("/")) == "cs"


def test_language_switch_refuses_to_redirect_off_site(client, site_tree):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")


def test_portal_speaks_czech_even_to_an_english_browser(client, site_tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "cs"
    assert '<html lang="cs">' in response.content.decode()
