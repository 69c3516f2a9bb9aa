"""Who must use a second factor: everyone who can see client data or change content."""

from django.conf import settings

from partners.models import Membership

# Roles whose members see referrals and client records of their organisation.
CLIENT_DATA_ROLES = (
    Membership.Role.SOCIAL_WORKER,
    Membership.Role.CASE_REVIEWER,
    Membership.Role.ORG_ADMIN,
)


def two_factor_required(user) -> bool:
    if not settings.PORTAL_REQUIRE_2FA or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    return Membership.objects.filter(user=user, is_active=True, role__in=CLIENT_DATA_ROLES).exists()
