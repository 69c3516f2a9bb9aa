"""Library content and the kinds of reader the members-only rule distinguishes."""

from dataclasses import dataclass

import pytest

from knowledge.models import KnowledgeItemAttachment, KnowledgeItemPage, LibraryDocument
from knowledge.workspaces import organisation_workspace_ensure
from partners.models import Membership
from tests.conftest import make_org_with_members
from tests.knowledge.factories import make_document, make_item
from tests.partners.factories import MembershipFactory, UserFactory

# Reader kinds, keyed by the name used in test ids. Only the last two are members.
NON_MEMBER_READERS = [
    "anonymous",
    "user_without_membership",
    "user_of_non_member_organisation",
    "user_with_inactive_membership",
]
MEMBER_READERS = ["member_of_third_organisation", "editor_of_authoring_organisation"]

# Membership roles that edit their organisation's section in the Wagtail admin, and not.
EDITING_ROLES = ["editor", "org_admin"]
NON_EDITING_ROLES = ["social_worker", "case_reviewer"]

MEMBERS_ITEM_TITLE = "Interní kazuistika rodiny Z"
PUBLIC_ITEM_TITLE = "Veřejná metodika tréninkového bydlení"


@dataclass
class LibraryContent:
    public_item: KnowledgeItemPage
    members_item: KnowledgeItemPage
    draft_item: KnowledgeItemPage
    public_document: LibraryDocument
    members_document: LibraryDocument
    draft_document: LibraryDocument
    shared_document: LibraryDocument  # attached to a public and a members-only item


@pytest.fixture
def library_content(orgs) -> LibraryContent:
    """A shelter's section with a public methodology, a members-only case study (related to
    the methodology), a draft, and documents attached to each."""
    section = orgs.sender.organisation.library_section
    members_document = make_document(title="Interni-kazuistika.pdf", content=b"%PDF-1.4 members")
    shared_document = make_document(title="Spolecna-priloha.pdf", content=b"%PDF-1.4 shared")
    members_item = make_item(
        section,
        title=MEMBERS_ITEM_TITLE,
        slug="interni-kazuistika-rodiny-z",
        kind="case_study",
        anonymised_confirmed=True,
        visibility="members",
        summary="Průběh tréninkového bydlení jedné rodiny.",
        document=members_document,
    )
    public_document = make_document(title="Metodika-verejna.pdf", content=b"%PDF-1.4 public")
    public_item = make_item(
        section,
        title=PUBLIC_ITEM_TITLE,
        slug="verejna-metodika",
        document=public_document,
    )
    public_item.related_items.set([members_item])
    public_item.save_revision().publish()
    for item in (public_item, members_item):
        KnowledgeItemAttachment.objects.create(page=item, document=shared_document)
    draft_document = make_document(title="Rozpracovany-koncept.pdf", content=b"%PDF-1.4 draft")
    draft_item = make_item(
        section,
        title="Rozpracovaný koncept",
        slug="rozpracovany-koncept",
        live=False,
        kind="concept",
        document=draft_document,
    )
    return LibraryContent(
        public_item=public_item,
        members_item=members_item,
        draft_item=draft_item,
        public_document=public_document,
        members_document=members_document,
        draft_document=draft_document,
        shared_document=shared_document,
    )


@pytest.fixture
def readers(orgs) -> dict:
    """One user (or None for anonymous) per reader kind."""
    non_member = make_org_with_members(
        "neclen", name="Nečlenská organizace s.r.o.", is_member=False
    )
    lapsed = UserFactory(username="byvaly-clen")
    MembershipFactory(
        user=lapsed,
        organisation=orgs.third.organisation,
        role=Membership.Role.SOCIAL_WORKER,
        is_active=False,
    )
    return {
        "anonymous": None,
        "user_without_membership": orgs.outsider,
        "user_of_non_member_organisation": non_member.users["social_worker"],
        "user_with_inactive_membership": lapsed,
        "member_of_third_organisation": orgs.third.users["social_worker"],
        "editor_of_authoring_organisation": orgs.sender.users["editor"],
    }


@pytest.fixture
def client_as(client, readers):
    """client_as(kind) logs the test client in as that kind of reader."""

    def login(kind: str):
        user = readers[kind]
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to throw-away directories, not the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@dataclass
class Workspaces:
    own: object
    other: object
    other_item: KnowledgeItemPage
    other_document: LibraryDocument
    own_draft: KnowledgeItemPage


@pytest.fixture
def workspaces(orgs) -> Workspaces:
    """The shelter's editor writes in the shelter's workspace; the municipality's section
    holds a live item with a document in the municipality's collection."""
    own = organisation_workspace_ensure(orgs.sender.organisation)
    other = organisation_workspace_ensure(orgs.receiver.organisation)
    other_document = make_document(title="Koncepce-mesta.pdf", collection=other.collection)
    other_item = make_item(other.section, title="Koncepce bydlení města", document=other_document)
    own_draft = make_item(own.section, title="Rozpracovaná metodika", live=False)
    return Workspaces(own, other, other_item, other_document, own_draft)
