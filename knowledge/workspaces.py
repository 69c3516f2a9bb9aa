"""Editing workspaces in Wagtail: who may write where.

Each organisation gets an editors' group, a document collection and a section of the
library; the group may add and edit pages only in that section and documents only in that
collection, never publish. The coalition secretariat moderates: a workflow sends every
submission to its group for approval. All functions are idempotent.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.access import SECRETARIAT_GROUP
from partners.models import Membership, Organisation

from .models import EditingWorkspace, LibraryIndexPage, LibrarySectionPage

MODERATION_WORKFLOW = "Schválení sekretariátem"
EDITING_ROLES = (Membership.Role.EDITOR, Membership.Role.ORG_ADMIN)
EDITOR_PAGE_PERMISSIONS = ("add", "change")
EDITOR_DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")
MODERATOR_PAGE_PERMISSIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
MODERATOR_DOCUMENT_PERMISSIONS = (
    "add_document",
    "change_document",
    "delete_document",
    "choose_document",
)


@dataclass(frozen=True)
class Workspace:
    group: Group
    collection: Collection
    section: LibrarySectionPage | None


def _admin_access() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _document_permissions(codenames) -> list[Permission]:
    # Wagtail checks document permissions against wagtaildocs.Document even when a custom
    # document model (LibraryDocument) is in use; LibraryDocument's own codenames
    # (add_librarydocument, ...) are never consulted, so granting them gave editors nothing.
    content_type = ContentType.objects.get_for_model(Document)
    found = list(Permission.objects.filter(content_type=content_type, codename__in=codenames))
    if len(found) != len(codenames):
        raise LookupError(f"Missing document permissions: {sorted(codenames)}")
    return found


def _grant_pages(group: Group, page: Page, permission_types) -> None:
    for permission_type in permission_types:
        if not GroupPagePermission.objects.filter(
            group=group, page=page, permission__codename=f"{permission_type}_page"
        ).exists():
            GroupPagePermission.objects.create(
                group=group, page=page, permission_type=permission_type
            )


def _grant_collection(group: Group, collection: Collection, permissions) -> None:
    for permission in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def editors_group_name(organisation: Organisation) -> str:
    return f"Editoři – {organisation.name}"[:150]


def _workspace_link(organisation: Organisation) -> EditingWorkspace:
    link = (
        EditingWorkspace.objects.select_related("group", "collection")
        .filter(organisation=organisation)
        .first()
    )
    if link is None:
        group, _ = Group.objects.get_or_create(name=editors_group_name(organisation))
        root_collection = Collection.get_first_root_node()
        collection = root_collection.get_children().filter(name=organisation.name).first()
        if collection is None:
            collection = root_collection.add_child(name=organisation.name)
        link = EditingWorkspace.objects.create(
            organisation=organisation, group=group, collection=collection
        )
    return link


@transaction.atomic
def organisation_workspace_ensure(organisation: Organisation) -> Workspace:
    link = _workspace_link(organisation)
    group, collection = link.group, link.collection
    # The names follow the organisation's; the link, not the name, says whose they are.
    if group.name != editors_group_name(organisation):
        group.name = editors_group_name(organisation)
        group.save(update_fields=["name"])
    if collection.name != organisation.name:
        collection.name = organisation.name
        collection.save(update_fields=["name"])
    group.permissions.add(_admin_access())
    _grant_collection(group, collection, _document_permissions(EDITOR_DOCUMENT_PERMISSIONS))

    section = LibrarySectionPage.objects.filter(organisation=organisation).first()
    library = LibraryIndexPage.objects.first()
    if section is None and library is not None:
        section = LibrarySectionPage(
            title=organisation.name, slug=organisation.slug, organisation=organisation
        )
        library.add_child(instance=section)
    if section is not None:
        _grant_pages(group, section, EDITOR_PAGE_PERMISSIONS)
    return Workspace(group=group, collection=collection, section=section)


def membership_sync_groups(user, organisation: Organisation) -> None:
    """Put the user in the organisation's editors' group exactly while an active editing
    membership lasts."""
    edits = Membership.objects.filter(
        user=user, organisation=organisation, role__in=EDITING_ROLES, is_active=True
    ).exists()
    link = (
        EditingWorkspace.objects.select_related("group").filter(organisation=organisation).first()
    )
    if link is None:
        if not edits:
            return  # nothing to take away (also the case while an organisation is deleted)
        group = organisation_workspace_ensure(organisation).group
    else:
        group = link.group
    if edits:
        user.groups.add(group)
    else:
        user.groups.remove(group)


@transaction.atomic
def secretariat_ensure() -> Group:
    """The moderators' group, its permissions over the whole site and the workflow that
    sends every page to it for approval before publication."""
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    group.permissions.add(_admin_access())
    root_page = Page.get_first_root_node()
    _grant_pages(group, root_page, MODERATOR_PAGE_PERMISSIONS)
    _grant_collection(
        group,
        Collection.get_first_root_node(),
        _document_permissions(MODERATOR_DOCUMENT_PERMISSIONS),
    )

    workflow, _ = Workflow.objects.get_or_create(name=MODERATION_WORKFLOW)
    task = GroupApprovalTask.objects.filter(name=MODERATION_WORKFLOW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MODERATION_WORKFLOW)
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    return group
