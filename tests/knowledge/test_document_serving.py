"""Library files leave the portal only through Wagtail's serve view and its guard hook."""

import importlib.util
from pathlib import Path

import pytest
from django.test import override_settings

from knowledge.workspaces import organisation_workspace_ensure
from tests.knowledge.conftest import MEMBER_READERS, NON_MEMBER_READERS
from tests.knowledge.factories import make_document, make_item


def _served_bytes(response) -> bytes:
    return b"".join(response.streaming_content) if response.status_code == 200 else b""


@pytest.mark.parametrize("reader", NON_MEMBER_READERS + MEMBER_READERS)
def test_document_attached_only_to_a_draft_is_404_for_every_reader(
    reader, library_content, client_as
):
    response = client_as(reader).get(library_content.draft_document.url)
    assert response.status_code == 404


@pytest.mark.parametrize("reader", NON_MEMBER_READERS + MEMBER_READERS)
def test_document_attached_to_nothing_is_404_for_every_reader(reader, orgs, readers, client_as):
    orphan = make_document(title="Nikde-neprilozeno.pdf")
    assert client_as(reader).get(orphan.url).status_code == 404


@pytest.mark.parametrize("reader", NON_MEMBER_READERS + MEMBER_READERS)
def test_document_of_public_item_is_served_to_every_reader(reader, library_content, client_as):
    response = client_as(reader).get(library_content.public_document.url)
    assert response.status_code == 200
    assert _served_bytes(response) == b"%PDF-1.4 public"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_unpublishing_the_only_item_hides_its_document_again(client, library_content):
    assert client.get(library_content.public_document.url).status_code == 200
    library_content.public_item.unpublish()
    assert client.get(library_content.public_document.url).status_code == 404


def test_changing_an_item_to_members_only_hides_its_document_from_anonymous(
    client, library_content
):
    item = library_content.public_item
    item.visibility = "members"
    item.save_revision().publish()
    assert client.get(library_content.public_document.url).status_code == 404


def test_secretariat_moderator_may_download_a_draft_document_they_moderate(
    client, library_content, moderator
):
    client.force_login(moderator)
    response = client.get(library_content.draft_document.url)
    assert response.status_code == 200
    assert _served_bytes(response) == b"%PDF-1.4 draft"


def test_editor_downloads_a_draft_document_in_own_collection_but_not_another_orgs(client, orgs):
    sender = organisation_workspace_ensure(orgs.sender.organisation)
    document = make_document(title="Navrh.pdf", collection=sender.collection)
    make_item(sender.section, title="Návrh metodiky", live=False, document=document)

    client.force_login(orgs.sender.users["editor"])
    assert client.get(document.url).status_code == 200
    client.force_login(orgs.receiver.users["editor"])
    assert client.get(document.url).status_code == 404


def test_document_url_with_a_wrong_filename_is_404(client, library_content):
    document = library_content.public_document
    assert client.get(f"/documents/{document.pk}/jiny-nazev.pdf").status_code == 404


def _media_urls_of(document) -> list[str]:
    name = Path(document.file.name)
    return [
        f"/media/{name.as_posix()}",
        f"/media/documents/{name.name}",
        f"/media/images/../{name.as_posix()}",
        f"/media/images/%2e%2e/{name.as_posix()}",
    ]


@pytest.mark.parametrize("reader", ["anonymous", "member_of_third_organisation"])
def test_document_file_is_not_reachable_under_media(reader, library_content, client_as):
    document = library_content.public_document
    assert Path(document.file.path).is_file()
    client = client_as(reader)
    for url in _media_urls_of(document):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert b"%PDF" not in response.content


def test_library_files_are_stored_outside_media_root(library_content, settings):
    path = Path(library_content.public_document.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def _debug_urlconf():
    """portal.urls as it is built with DEBUG on (it adds a media route then)."""
    spec = importlib.util.find_spec("portal.urls")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_document_file_is_not_reachable_under_media_even_with_debug_on(client, library_content):
    document = library_content.public_document
    with override_settings(DEBUG=True):
        urlconf = _debug_urlconf()
        with override_settings(ROOT_URLCONF=urlconf):
            for url in _media_urls_of(document):
                response = client.get(url)
                assert response.status_code in (400, 404), url
                assert b"%PDF" not in response.content
