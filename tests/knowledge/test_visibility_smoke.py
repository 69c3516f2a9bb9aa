from tests.knowledge.factories import make_document, make_item


def test_members_only_item_is_404_for_anonymous_and_200_for_member(client, orgs):
    section = orgs.sender.organisation.library_section
    item = make_item(section, visibility="members", title="Interní kazuistika")
    assert client.get(item.url).status_code == 404
    client.force_login(orgs.third.users["social_worker"])
    response = client.get(item.url)
    assert response.status_code == 200
    assert "Interní kazuistika" in response.content.decode()


def test_members_only_document_is_404_for_anonymous(client, orgs):
    section = orgs.sender.organisation.library_section
    document = make_document()
    make_item(section, visibility="members", document=document)
    assert client.get(document.url).status_code == 404
    client.force_login(orgs.third.users["social_worker"])
    assert client.get(document.url).status_code == 200
