import pytest


@pytest.mark.django_db
def test_portal_speaks_czech_even_to_an_english_browser(client, site_tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "cs"
    assert '<html lang="cs">' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_turns_the_portal_english(client, site_tree):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
