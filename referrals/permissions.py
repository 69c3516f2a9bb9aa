"""Who may see and do what with clients and referrals: the only module that calls guardian.

Object permissions are granted to *casework groups*, one Django group per organisation and
casework role (social worker, case reviewer), and to the client's named key worker. They
are never granted by hand: `referral_sync_perms` and `client_sync_perms` compute what each
group should hold from the state of the case and make guardian's rows match, so a service
only has to call them after a change.

Every check also asks for an active membership in an organisation that takes part in the
case, so a stale group membership or a superuser flag never opens a case.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

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


def referrals_visible_to_qs(user) -> QuerySet[Referral]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Referral.objects.none()
    organisation_ids = _organisation_ids(user)
    if not organisation_ids:
        return Referral.objects.none()
    qs = get_objects_for_user(
        user,
        f"referrals.{Needs.VIEW}",
        klass=Referral,
        with_superuser=False,
        accept_global_perms=False,
    )
    return qs.filter(
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
    return frozenset(categories)


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
    if user is None or not user.is_authenticated or not user.is_active:
        return Client.objects.none()
    organisation_ids = _organisation_ids(user)
    if not organisation_ids:
        return Client.objects.none()
    qs = get_objects_for_user(
        user,
        f"referrals.{VIEW_CLIENT}",
        klass=Client,
        with_superuser=False,
        accept_global_perms=False,
    )
    return qs.filter(
        Q(responsible_organisation_id__in=organisation_ids)
        | Q(referrals__receiver_organisation_id__in=organisation_ids)
        | Q(referrals__sender_organisation_id__in=organisation_ids)
    ).distinct()


# --- Organisation members ---------------------------------------------------------------


def can_manage_members(user, organisation_id: int) -> bool:
    return has_casework_role(user, organisation_id, Membership.Role.ORG_ADMIN)


def organisations_managed_by(user) -> list[Organisation]:
    return [m.organisation for m in active_memberships(user) if m.role == Membership.Role.ORG_ADMIN]


# --- Keeping guardian's rows in step with the case --------------------------------------


def referral_desired_group_perms(referral: Referral) -> set[tuple[int, str]]:
    """(group id, codename) pairs the casework groups should hold on this referral."""
    status = referral.status
    live = referral.archived_at is None
    sender_sw = casework_group(referral.sender_organisation_id, Role.SOCIAL_WORKER).pk
    desired = {(sender_sw, Needs.VIEW.value)}
    if live and referral.handed_over_at is None:
        desired.add((sender_sw, Needs.CHANGE.value))
    if status != Status.DRAFT:
        receiver_cr = casework_group(referral.receiver_organisation_id, Role.CASE_REVIEWER).pk
        receiver_sw = casework_group(referral.receiver_organisation_id, Role.SOCIAL_WORKER).pk
        desired |= {(receiver_cr, Needs.VIEW.value), (receiver_sw, Needs.VIEW.value)}
        if live:
            desired.add((receiver_cr, Needs.DECIDE.value))
            if status in COOPERATING:
                desired.add((receiver_sw, Needs.CHANGE.value))
    if live:
        responsible = referral.client.responsible_organisation_id
        desired.add((casework_group(responsible, Role.SOCIAL_WORKER).pk, Needs.VIEW.value))
    return desired


def _groups_by_pk(pks) -> dict:
    return {g.pk: g for g in Group.objects.filter(pk__in=pks)}


def _users_by_pk(pks) -> dict:
    return {u.pk: u for u in get_user_model().objects.filter(pk__in=pks)}


def _sync_rows(obj, group_model, user_model, desired_groups: set, desired_users: set) -> None:
    """Assign and remove guardian permissions on `obj` until its rows equal the desired
    (group id, codename) and (user id, codename) pairs."""
    existing_groups = set(
        group_model.objects.filter(content_object=obj).values_list(
            "group_id", "permission__codename"
        )
    )
    existing_users = set(
        user_model.objects.filter(content_object=obj).values_list("user_id", "permission__codename")
    )
    groups = _groups_by_pk({pk for pk, _ in existing_groups ^ desired_groups})
    users = _users_by_pk({pk for pk, _ in existing_users ^ desired_users})
    for pk, codename in desired_groups - existing_groups:
        assign_perm(codename, groups[pk], obj)
    for pk, codename in existing_groups - desired_groups:
        remove_perm(codename, groups[pk], obj)
    for pk, codename in desired_users - existing_users:
        assign_perm(codename, users[pk], obj)
    for pk, codename in existing_users - desired_users:
        remove_perm(codename, users[pk], obj)


def referral_sync_perms(referral: Referral) -> None:
    desired_users = set()
    key_worker_id = referral.client.key_worker_id
    if key_worker_id is not None and referral.archived_at is None:
        desired_users.add((key_worker_id, Needs.VIEW.value))
    _sync_rows(
        referral,
        ReferralGroupObjectPermission,
        ReferralUserObjectPermission,
        referral_desired_group_perms(referral),
        desired_users,
    )
    forget_access(referral)


def _organisations_with_consent(client: Client) -> set[int]:
    today = timezone.localdate()
    return {
        c.organisation_id
        for c in Consent.objects.filter(client=client, withdrawn_at__isnull=True)
        if c.is_active_on(today)
    }


def client_desired_group_perms(client: Client) -> set[tuple[int, str]]:
    responsible_sw = casework_group(client.responsible_organisation_id, Role.SOCIAL_WORKER).pk
    desired = {(responsible_sw, VIEW_CLIENT), (responsible_sw, CHANGE_CLIENT)}
    consenting = _organisations_with_consent(client) - {client.responsible_organisation_id}
    sharing: set[tuple[int, str]] = set()
    for referral in client.referrals.filter(archived_at__isnull=True).exclude(
        status__in=NO_LONGER_CONCERNED
    ):
        for role in CASEWORK_ROLES:
            sharing.add((referral.receiver_organisation_id, role))
        if referral.handed_over_at is None:
            sharing.add((referral.sender_organisation_id, Role.SOCIAL_WORKER))
    for org_id, role in sharing:
        if org_id in consenting:
            desired.add((casework_group(org_id, role).pk, VIEW_CLIENT))
    return desired


def client_sync_perms(client: Client) -> None:
    """Make guardian's rows on the client, and on each of its referrals, match the case."""
    desired_users = set()
    if client.key_worker_id is not None and not client.is_anonymised:
        desired_users = {(client.key_worker_id, VIEW_CLIENT), (client.key_worker_id, CHANGE_CLIENT)}
    _sync_rows(
        client,
        ClientGroupObjectPermission,
        ClientUserObjectPermission,
        client_desired_group_perms(client),
        desired_users,
    )
    forget_client_access(client)
    for referral in client.referrals.all():
        referral.client = client
        referral_sync_perms(referral)
