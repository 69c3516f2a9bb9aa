"""The permission checks on clients, referrals and organisation members (can_*): what a
user may see and do, read from guardian's object permissions that `sync` keeps in step.

Every check also asks for an active membership in an organisation that takes part in the
case, so a stale group membership or a superuser flag never opens a case.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from partners.models import Membership, Organisation
from partners.selectors import active_memberships

from .. import workflow
from ..models import (
    Category,
    Client,
    ClientGroupObjectPermission,
    ClientUserObjectPermission,
    Consent,
    Referral,
    ReferralGroupObjectPermission,
    ReferralUserObjectPermission,
)
from ..workflow import Needs, Role, Side, Status

CASEWORK_ROLES = (Role.SOCIAL_WORKER, Role.CASE_REVIEWER)
VIEW_CLIENT = "view_client"
CHANGE_CLIENT = "change_client"
ALL_CATEGORIES = frozenset(Category.values)
GROUP_ROW = ("group__casework__organisation_id", "group__casework__role", "permission__codename")
COOPERATING = frozenset({Status.ACCEPTED, Status.PLACED, Status.CLOSED})

# --- Memberships ------------------------------------------------------------------------


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
    rows = _referral_group_rows(user, referral)
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


def _referral_group_rows(user, referral: Referral) -> list[tuple[int, str, str]]:
    """The user's casework groups' guardian rows on the referral. Every page that checks
    a referral goes on to check its client, so while the client's access is not known
    yet, the client's rows come in the same statement (UNION ALL) and wait on the client
    instance for _client_access."""
    referral_rows = ReferralGroupObjectPermission.objects.filter(
        content_object=referral, group__user=user, group__casework__isnull=False
    ).values_list(*GROUP_ROW)
    client = referral.client
    if user.pk in client.__dict__.get("_access_cache", {}):
        return list(referral_rows)
    client_rows = ClientGroupObjectPermission.objects.filter(
        content_object=client, group__user=user, group__casework__isnull=False
    ).values_list(*GROUP_ROW)
    rows = referral_rows.annotate(_of_client=Value(False)).union(
        client_rows.annotate(_of_client=Value(True)), all=True
    )
    mine, clients = [], []
    for *row, of_client in rows:
        (clients if of_client else mine).append(tuple(row))
    client.__dict__.setdefault("_group_rows", {})[user.pk] = clients
    return mine


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


def sides_of(user, referral: Referral) -> frozenset[str]:
    """The sides of the referral (sender, receiver) the user works on."""
    return frozenset(side for side, _role, _needs in _referral_access(user, referral)["held"])


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


def _probe(model, owner: dict, permission, referral: str) -> Subquery:
    """One of the user's (or their groups') guardian rows holding `permission` on the outer
    row, or NULL: a scalar subquery, which PostgreSQL evaluates per outer row through the
    index on content_object_id and never turns into a join or a hash of every row the
    user's groups hold (docs/decisions/0004-referral-lists-by-row.md)."""
    rows = model.objects.filter(
        content_object_id=OuterRef(referral), permission_id=permission, **owner
    )
    return Subquery(rows.values("content_object_id")[:1])


def referrals_granted_each(user, queryset: QuerySet, referral: str = "pk") -> QuerySet:
    """The rows of `queryset` the user holds the view permission on through guardian:
    exactly the referrals of `referrals_granted_qs`, but tested row by row. `referral` is
    the field of the queryset's rows that holds the referral's id (for rows of another
    model, e.g. "referral_id" of a waiting-list entry). A list that
    walks an index of one organisation's referrals in its order then reads a page of rows
    and probes each with two index lookups, whatever the number of referrals and of
    permission rows the user's groups hold; `referrals_granted_qs` (guardian's
    `get_objects_for_user`) reads and hashes all of those first. Callers still restrict the
    rows to the user's own organisations, as with `referrals_granted_qs`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if not _organisation_ids(user):
        return queryset.none()
    # Evaluated once (an InitPlan), not per row; the content type is cached per process.
    permission = Subquery(
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Referral), codename=Needs.VIEW
        )
        .order_by()
        .values("pk")[:1]
    )
    return queryset.alias(
        _group_grant=_probe(
            ReferralGroupObjectPermission, {"group__user": user}, permission, referral
        ),
        _user_grant=_probe(ReferralUserObjectPermission, {"user": user}, permission, referral),
    ).filter(Q(_group_grant__isnull=False) | Q(_user_grant__isnull=False))


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
    rows = client.__dict__.get("_group_rows", {}).pop(key, None)
    if rows is None:
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
    client.__dict__.pop("_group_rows", None)


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
    categories: set[str] = set()
    # A consent to cooperation counts while the organisation works with the client (a
    # referral to it accepted, placed or closed): asked in the same statement.
    consents = Consent.objects.filter(
        client=client, organisation_id__in=access["organisations"], withdrawn_at__isnull=True
    ).annotate(
        _cooperating=Exists(
            Referral.objects.filter(
                client=client,
                archived_at__isnull=True,
                status__in=COOPERATING,
                receiver_organisation_id=OuterRef("organisation_id"),
            )
        )
    )
    for consent in consents:
        if not consent.is_active_on(today):
            continue
        if consent.purpose == Consent.Purpose.COOPERATION and not consent._cooperating:
            continue
        shared = consent.categories
        # OSPOD involvement is stricter: outside the responsible organisation only the
        # case-review group of an organisation the client named it to sees it.
        if Category.CHILD_PROTECTION in shared and not has_casework_role(
            user, consent.organisation_id, Role.CASE_REVIEWER
        ):
            shared = shared - {Category.CHILD_PROTECTION}
        categories |= shared
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
