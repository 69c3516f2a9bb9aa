"""Keeping guardian's rows in step with the case: the only writer of object permissions.

Object permissions are granted to *casework groups*, one Django group per organisation and
casework role (social worker, case reviewer), and to the client's named key worker. They
are never granted by hand: `referral_sync_perms` and `client_sync_perms` compute what each
group should hold from the state of the case and make guardian's rows match, so a service
only has to call them after a change.
"""

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from partners.models import Membership, Organisation

from ..models import (
    CaseworkGroup,
    Client,
    ClientGroupObjectPermission,
    ClientUserObjectPermission,
    Consent,
    Referral,
    ReferralGroupObjectPermission,
    ReferralUserObjectPermission,
)
from ..workflow import Needs, Role, Status
from .checks import (
    CASEWORK_ROLES,
    CHANGE_CLIENT,
    COOPERATING,
    VIEW_CLIENT,
    forget_access,
    forget_client_access,
)

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
