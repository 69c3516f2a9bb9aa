"""An organisation's members: its memberships and the active people in a casework role."""

from django.db.models import QuerySet

from partners.models import Membership


def _active_members(organisation_id: int, role: str) -> QuerySet:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role=role,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def case_reviewers_of(organisation_id: int) -> QuerySet:
    return _active_members(organisation_id, Membership.Role.CASE_REVIEWER)


def social_workers_of(organisation_id: int) -> QuerySet:
    return _active_members(organisation_id, Membership.Role.SOCIAL_WORKER)


def members_of(organisation_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("-is_active", "user__last_name", "user__username", "role")
    )
