"""Who may see and do what with clients and referrals: the only module that calls guardian.

Object permissions are granted to *casework groups*, one Django group per organisation and
casework role (social worker, case reviewer), and to the client's named key worker. They
are never granted by hand: `referral_sync_perms` and `client_sync_perms` compute what each
group should hold from the state of the case and make guardian's rows match, so a service
only has to call them after a change.

Every check also asks for an active membership in an organisation that takes part in the
case, so a stale group membership or a superuser flag never opens a case.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from partners.models import Membership, Organisation
from partners.selectors import active_memberships

from . import workflow
from .models import (
    CaseworkGroup,
    Category,
    Client,
    ClientGroupObjectPermission,
    ClientUserObjectPermission,
    Consent,
    Referral,
    ReferralGroupObjectPermission,
    ReferralUserObjectPermission,
)
from .workflow import Needs, Role, Side, Status

CASEWORK_ROLES = (Role.SOCIAL_WORKER, Role.CASE_REVIEWER)
VIEW_CLIENT = "view_client"
CHANGE_CLIENT = "change_client"
ALL_CATEGORIES = frozenset(Category.values)
GROUP_ROW = ("group__casework__organisation_id", "group__casework__role", "permission__codename")
COOPERATING = frozenset({Status.ACCEPTED, Status.PLACED, Status.CLOSED})
NO_LONGER_CONCERNED = frozenset({Status.DRAFT, Status.DECLINED, Status.WITHDRAWN})


# --- Casework groups --------------------------------------------------------------------


def casework_group(organisation_id: int, role: str) -> Group:
    link = (
        CaseworkGroup.objects.filter(organisation_id=organisation_id, role=role)
        .select_related("group")
        .first()
    )
    if link is not None:
        return link.group
    group, _ = Group.objects.get_or_create(name=f"referrals:{organisation_id}:{role}")
    link, _ = CaseworkGroup.objects.get_or_create(
        organisation_id=organisation_id, role=role, defaults={"group": group}
    )
    return link.group


def membership_sync_groups(user, organisation: Organisation) -> None:
    """Keep the user in an organisation's casework group exactly while the matching
    membership is active (called from the Membership signals)."""
    active_roles = set(
        Membership.objects.filter(
            user=user, organisation=organisation, is_active=True, role__in=CASEWORK_ROLES
        ).values_list("role", flat=True)
    )
    for role in CASEWORK_ROLES:
        group = casework_group(organisation.pk, role)
        if role in active_roles:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def _memberships(user) -> set[tuple[int, str]]:
    return {(m.organisation_id, m.role) for m in active_memberships(user)}


def _organisation_ids(user) -> set[int]:
    return {org_id for org_id, _role in _memberships(user)}


def user_organisation_ids(user) -> set[int]:
    return _organisation_ids(user)


def has_casework_role(user, organisation_id: int, *roles: str) -> bool:
    return any((organisation_id, role) in _memberships(user) for role in roles)


def user_has_casework(user) -> bool:
    return any(role in CASEWORK_ROLES for _org, role in _memberships(user))


# --- Referrals --------------------------------------------------------------------------


def _referral_access(user, referral: Referral) -> dict:
    """What the user holds on the referral, computed once per referral instance."""
    cache = referral.__dict__.setdefault("_access_cache", {})
    key = getattr(user, "pk", None)
    if key in cache:
        return cache[key]
    access = {"view": False, "held": set()}
    if user is None or not user.is_authenticated or not user.is_active:
        cache[key] = access
        return access
    memberships = _memberships(user)
    parties = {
        referral.sender_organisation_id,
        referral.receiver_organisation_id,
        referral.client.responsible_organisation_id,
    }
    rows = ReferralGroupObjectPermission.objects.filter(
        content_object=referral, group__user=user, group__casework__isnull=False
    ).values_list(*GROUP_ROW)
    held = set()
    view = False
    for org_id, role, codename in rows:
        if (org_id, role) not in memberships:
            continue  # a group membership without the membership behind it counts for nothing
        if codename == Needs.VIEW:
            view = True
        if org_id == referral.sender_organisation_id:
            held.add((Side.SENDER, Role(role), Needs(codename)))
        if org_id == referral.receiver_organisation_id:
            held.add((Side.RECEIVER, Role(role), Needs(codename)))
    if not view and referral.client.key_worker_id == user.pk:
        in_responsible = any(
            org == referral.client.responsible_organisation_id for org, _ in memberships
        )
        view = in_responsible and (
            ReferralUserObjectPermission.objects.filter(
                content_object=referral, user=user, permission__codename=Needs.VIEW
            ).exists()
        )
    access["view"] = view and bool(parties & {org for org, _ in memberships})
    access["held"] = held if access["view"] else set()
    cache[key] = access
    return access


def forget_access(referral: Referral) -> None:
    referral.__dict__.pop("_access_cache", None)


def can_view_referral(user, referral: Referral) -> bool:
    return _referral_access(user, referral)["view"]


def can_act(user, referral: Referral, action: str) -> bool:
    if referral.is_archived or referral.client.is_anonymised:
        return False
    access = _referral_access(user, referral)
    return access["view"] and workflow.permitted(referral.status, action, access["held"])


def available_actions(user, referral: Referral) -> list[workflow.Action]:
    return [a for a in workflow.actions_from(referral.status) if can_act(user, referral, a)]


def can_see_case_content(user, referral: Referral) -> bool:
    """Reason, intake answers, notes and attachments are the client's data: shown only to
    those who may see the client and to whom the client consented to show something."""
    return can_view_referral(user, referral) and bool(client_categories_for(user, referral.client))


def _granted_qs(user, model, codename: str) -> QuerySet:
    """Rows of `model` the user holds `codename` on through guardian (their own or their
    groups' object permissions, never global ones or a superuser's); none for an inactive
    or anonymous user or one without an active membership."""
    if user is None or not user.is_authenticated or not user.is_active:
        return model.objects.none()
    if not _organisation_ids(user):
        return model.objects.none()
    return get_objects_for_user(
        user,
        f"referrals.{codename}",
        klass=model,
        with_superuser=False,
        accept_global_perms=False,
    )


def referrals_granted_qs(user) -> QuerySet[Referral]:
    """Referrals the user's casework groups hold the view permission on. Callers must also
    restrict them to the user's own organisations (referrals_visible_to_qs does; the lists
    do it with their box filter, which lets PostgreSQL walk the inbox index)."""
    return _granted_qs(user, Referral, Needs.VIEW)


def referrals_visible_to_qs(user) -> QuerySet[Referral]:
    organisation_ids = _organisation_ids(user) if user is not None else set()
    return referrals_granted_qs(user).filter(
        Q(sender_organisation_id__in=organisation_ids)
        | Q(receiver_organisation_id__in=organisation_ids)
        | Q(client__responsible_organisation_id__in=organisation_ids)
    )


# --- Clients ----------------------------------------------------------------------------


def _client_access(user, client: Client) -> dict:
    cache = client.__dict__.setdefault("_access_cache", {})
    key = getattr(user, "pk", None)
    if key in cache:
        return cache[key]
    access = {"view": False, "change": False, "organisations": set(), "responsible": False}
    if user is None or not user.is_authenticated or not user.is_active:
        cache[key] = access
        return access
    memberships = _memberships(user)
    rows = ClientGroupObjectPermission.objects.filter(
        content_object=client, group__user=user, group__casework__isnull=False
    ).values_list(*GROUP_ROW)
    for org_id, role, codename in rows:
        if (org_id, role) not in memberships:
            continue
        access["organisations"].add(org_id)
        access["view"] |= codename == VIEW_CLIENT
        access["change"] |= codename == CHANGE_CLIENT
    in_responsible = any(org == client.responsible_organisation_id for org, _ in memberships)
    if client.key_worker_id == user.pk and in_responsible:
        codenames = set(
            ClientUserObjectPermission.objects.filter(content_object=client, user=user).values_list(
                "permission__codename", flat=True
            )
        )
        access["view"] |= VIEW_CLIENT in codenames
        access["change"] |= CHANGE_CLIENT in codenames
        if codenames:
            access["organisations"].add(client.responsible_organisation_id)
    access["responsible"] = client.responsible_organisation_id in access["organisations"]
    access["change"] = access["change"] and access["view"] and not client.is_anonymised
    cache[key] = access
    return access


def forget_client_access(client: Client) -> None:
    client.__dict__.pop("_access_cache", None)


def can_view_client(user, client: Client) -> bool:
    return _client_access(user, client)["view"]


def can_change_client(user, client: Client) -> bool:
    return _client_access(user, client)["change"]


def is_responsible_for(user, client: Client) -> bool:
    """A social worker of the organisation that holds the case, or its key worker."""
    access = _client_access(user, client)
    return access["view"] and access["responsible"]


def client_categories_for(user, client: Client) -> frozenset[str]:
    """The data categories of this client the user may read now."""
    access = _client_access(user, client)
    if not access["view"] or client.is_anonymised:
        return frozenset()
    if access["responsible"]:
        return ALL_CATEGORIES
    today = timezone.localdate()
    # Asked several times per page (content, client panel, timeline): computed once per
    # client instance and day; forget_client_access clears it when a consent changes.
    if access.get("categories_on") == today:
        return access["categories"]
    cooperating_orgs = set(
        client.referrals.filter(
            archived_at__isnull=True,
            status__in=COOPERATING,
            receiver_organisation_id__in=access["organisations"],
        ).values_list("receiver_organisation_id", flat=True)
    )
    categories: set[str] = set()
    consents = Consent.objects.filter(
        client=client, organisation_id__in=access["organisations"], withdrawn_at__isnull=True
    )
    for consent in consents:
        if not consent.is_active_on(today):
            continue
        if (
            consent.purpose == Consent.Purpose.COOPERATION
            and consent.organisation_id not in cooperating_orgs
        ):
            continue
        categories |= consent.categories
    access["categories"], access["categories_on"] = frozenset(categories), today
    return access["categories"]


def can_record_consent(user, client: Client) -> bool:
    """Social workers of an organisation working with the client record and withdraw the
    consents the client signs with them."""
    access = _client_access(user, client)
    if not access["view"] or client.is_anonymised:
        return False
    return any(
        has_casework_role(user, org_id, Role.SOCIAL_WORKER) for org_id in access["organisations"]
    )


def can_refer(user, client: Client) -> bool:
    """Social workers of the responsible organisation send referrals for its clients."""
    return (
        can_change_client(user, client)
        and has_casework_role(user, client.responsible_organisation_id, Role.SOCIAL_WORKER)
        and not client.is_anonymised
    )


def can_reassign_key_worker(user, client: Client) -> bool:
    return can_refer(user, client)


def can_create_client(user, organisation_id: int) -> bool:
    return has_casework_role(user, organisation_id, Role.SOCIAL_WORKER)


def clients_visible_to_qs(user) -> QuerySet[Client]:
    organisation_ids = _organisation_ids(user) if user is not None else set()
    return (
        _granted_qs(user, Client, VIEW_CLIENT)
        .filter(
            Q(responsible_organisation_id__in=organisation_ids)
            | Q(referrals__receiver_organisation_id__in=organisation_ids)
            | Q(referrals__sender_organisation_id__in=organisation_ids)
        )
        .distinct()
    )


# --- Organisation members ---------------------------------------------------------------


def can_manage_members(user, organisation_id: int) -> bool:
    return has_casework_role(user, organisation_id, Membership.Role.ORG_ADMIN)


def organisations_managed_by(user) -> list[Organisation]:
    return [m.organisation for m in active_memberships(user) if m.role == Membership.Role.ORG_ADMIN]


# --- Keeping guardian's rows in step with the case --------------------------------------


def referral_desired_group_perms(referral: Referral, group_id=None) -> set[tuple[int, str]]:
    """(group id, codename) pairs the casework groups should hold on this referral.

    `group_id(organisation_id, role)` maps to a casework group id; by default each is looked
    up with `casework_group` (the syncs pass a map loaded once for the whole client)."""
    if group_id is None:

        def group_id(organisation_id, role):
            return casework_group(organisation_id, role).pk

    status = referral.status
    live = referral.archived_at is None
    sender_sw = group_id(referral.sender_organisation_id, Role.SOCIAL_WORKER)
    desired = {(sender_sw, Needs.VIEW.value)}
    if live and referral.handed_over_at is None:
        desired.add((sender_sw, Needs.CHANGE.value))
    if status != Status.DRAFT:
        receiver_cr = group_id(referral.receiver_organisation_id, Role.CASE_REVIEWER)
        receiver_sw = group_id(referral.receiver_organisation_id, Role.SOCIAL_WORKER)
        desired |= {(receiver_cr, Needs.VIEW.value), (receiver_sw, Needs.VIEW.value)}
        if live:
            desired.add((receiver_cr, Needs.DECIDE.value))
            if status in COOPERATING:
                desired.add((receiver_sw, Needs.CHANGE.value))
    if live:
        responsible = referral.client.responsible_organisation_id
        desired.add((group_id(responsible, Role.SOCIAL_WORKER), Needs.VIEW.value))
    return desired


def referral_desired_user_perms(referral: Referral) -> set[tuple[int, str]]:
    """(user id, codename) pairs: the client's key worker sees the live referrals."""
    key_worker_id = referral.client.key_worker_id
    if key_worker_id is not None and referral.archived_at is None:
        return {(key_worker_id, Needs.VIEW.value)}
    return set()


class _GroupIds:
    """(organisation id, role) -> casework group id for one sync, loaded in one query.

    The link of an organisation and role to its group never changes once created, but it is
    not cached across requests: a rolled-back transaction (a test) would leave stale ids."""

    def __init__(self, organisation_ids):
        self.ids = {
            (org_id, role): group_id
            for org_id, role, group_id in CaseworkGroup.objects.filter(
                organisation_id__in=set(organisation_ids)
            ).values_list("organisation_id", "role", "group_id")
        }

    def __call__(self, organisation_id: int, role: str) -> int:
        key = (organisation_id, str(role))
        if key not in self.ids:
            self.ids[key] = casework_group(organisation_id, role).pk
        return self.ids[key]


def _permission_ids() -> dict[tuple[str, str], int]:
    """(model, codename) -> permission id for the client and referral permissions."""
    return {
        (model, codename): pk
        for model, codename, pk in Permission.objects.filter(
            content_type__app_label="referrals", content_type__model__in=("client", "referral")
        ).values_list("content_type__model", "codename", "pk")
    }


def _sync_rows(model, owner: str, desired: dict, permission_ids: dict, kind: str) -> None:
    """Make guardian's rows of `model` (a direct group or user object permission table) on
    the objects keyed in `desired` equal the desired (owner id, codename) pairs of each:
    one query to read them, at most one to insert and one to delete what changed."""
    if not desired:
        return
    existing: dict[int, dict[tuple[int, str], int]] = {pk: {} for pk in desired}
    rows = model.objects.filter(content_object_id__in=list(desired)).values_list(
        "pk", "content_object_id", f"{owner}_id", "permission__codename"
    )
    for pk, object_id, owner_id, codename in rows:
        existing[object_id][(owner_id, codename)] = pk
    to_add, to_delete = [], []
    for object_id, pairs in desired.items():
        held = existing[object_id]
        to_delete += [pk for pair, pk in held.items() if pair not in pairs]
        to_add += [
            model(
                content_object_id=object_id,
                permission_id=permission_ids[(kind, codename)],
                **{f"{owner}_id": owner_id},
            )
            for owner_id, codename in pairs - held.keys()
        ]
    if to_delete:
        model.objects.filter(pk__in=to_delete).delete()
    if to_add:
        model.objects.bulk_create(to_add, ignore_conflicts=True)


def _sync_referrals(referrals: list[Referral], group_id, permission_ids) -> None:
    _sync_rows(
        ReferralGroupObjectPermission,
        "group",
        {r.pk: referral_desired_group_perms(r, group_id) for r in referrals},
        permission_ids,
        "referral",
    )
    _sync_rows(
        ReferralUserObjectPermission,
        "user",
        {r.pk: referral_desired_user_perms(r) for r in referrals},
        permission_ids,
        "referral",
    )
    for referral in referrals:
        forget_access(referral)


def _referral_organisations(referral: Referral) -> set[int]:
    return {
        referral.sender_organisation_id,
        referral.receiver_organisation_id,
        referral.client.responsible_organisation_id,
    }


def referral_sync_perms(referral: Referral) -> None:
    _sync_referrals([referral], _GroupIds(_referral_organisations(referral)), _permission_ids())


def _organisations_with_consent(client: Client) -> set[int]:
    today = timezone.localdate()
    return {
        c.organisation_id
        for c in Consent.objects.filter(client=client, withdrawn_at__isnull=True)
        if c.is_active_on(today)
    }


def client_desired_group_perms(
    client: Client, referrals=None, group_id=None, consenting=None
) -> set[tuple[int, str]]:
    if group_id is None:

        def group_id(organisation_id, role):
            return casework_group(organisation_id, role).pk

    if referrals is None:
        referrals = client.referrals.all()
    if consenting is None:
        consenting = _organisations_with_consent(client)
    responsible_sw = group_id(client.responsible_organisation_id, Role.SOCIAL_WORKER)
    desired = {(responsible_sw, VIEW_CLIENT), (responsible_sw, CHANGE_CLIENT)}
    consenting = consenting - {client.responsible_organisation_id}
    sharing: set[tuple[int, str]] = set()
    for referral in referrals:
        if referral.archived_at is not None or referral.status in NO_LONGER_CONCERNED:
            continue
        for role in CASEWORK_ROLES:
            sharing.add((referral.receiver_organisation_id, role))
        if referral.handed_over_at is None:
            sharing.add((referral.sender_organisation_id, Role.SOCIAL_WORKER))
    for org_id, role in sharing:
        if org_id in consenting:
            desired.add((group_id(org_id, role), VIEW_CLIENT))
    return desired


def client_sync_perms(client: Client) -> None:
    """Make guardian's rows on the client, and on each of its referrals, match the case.

    A fixed number of queries however many referrals the client has: the referrals, the
    casework groups of the organisations involved, the consents and the permissions are read
    once, the existing rows of each table in one query, and only the rows that differ are
    inserted or deleted (in bulk)."""
    referrals = list(client.referrals.all())
    for referral in referrals:
        referral.client = client
    consenting = _organisations_with_consent(client)
    organisations = {client.responsible_organisation_id} | consenting
    for referral in referrals:
        organisations |= {referral.sender_organisation_id, referral.receiver_organisation_id}
    group_id = _GroupIds(organisations)
    permission_ids = _permission_ids()
    desired_users = set()
    if client.key_worker_id is not None and not client.is_anonymised:
        desired_users = {(client.key_worker_id, VIEW_CLIENT), (client.key_worker_id, CHANGE_CLIENT)}
    _sync_rows(
        ClientGroupObjectPermission,
        "group",
        {client.pk: client_desired_group_perms(client, referrals, group_id, consenting)},
        permission_ids,
        "client",
    )
    _sync_rows(
        ClientUserObjectPermission, "user", {client.pk: desired_users}, permission_ids, "client"
    )
    forget_client_access(client)
    _sync_referrals(referrals, group_id, permission_ids)
