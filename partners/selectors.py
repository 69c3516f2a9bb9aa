"""Reads about organisations, memberships and programmes."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from .models import Membership, Organisation, Programme

MEMBERSHIP_CACHE_ATTR = "_partners_active_memberships"


def active_memberships(user) -> list[Membership]:
    """The user's active memberships, cached on the user object for the request."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return []
    cached = getattr(user, MEMBERSHIP_CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True).select_related("organisation")
        )
        setattr(user, MEMBERSHIP_CACHE_ATTR, cached)
    return cached


def user_is_coalition_member(user) -> bool:
    """Members-only knowledge is for logged-in users of a member organisation."""
    return any(m.organisation.is_member for m in active_memberships(user))


def user_organisation_ids(user, *roles: str) -> set[int]:
    return {m.organisation_id for m in active_memberships(user) if not roles or m.role in roles}


def organisations_directory(
    *,
    kind: str = "",
    region: str = "",
    stage: str = "",
    target_group: str = "",
    query: str = "",
) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region=region)
    # Stage and target group must meet in one active programme ("training housing for
    # families"), so they go into a single filter() over the programmes relation.
    programme_conditions = {}
    if stage:
        programme_conditions["programmes__stage__slug"] = stage
    if target_group:
        programme_conditions["programmes__target_groups__slug"] = target_group
    if programme_conditions:
        qs = qs.filter(programmes__is_active=True, **programme_conditions)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(municipality__icontains=query))
    active = Programme.objects.filter(is_active=True).select_related("stage")
    return qs.distinct().prefetch_related(Prefetch("programmes", queryset=active))


def organisation_programmes(organisation: Organisation) -> QuerySet[Programme]:
    return (
        organisation.programmes.filter(is_active=True)
        .select_related("stage")
        .prefetch_related("target_groups", "intake_criteria")
    )
