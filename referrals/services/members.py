"""An organisation administrator's page of members: add an existing user with a role,
deactivate a membership. (Memberships belong to partners; this is the referral module's
minimal UI for them, since casework access follows memberships.)"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from partners.models import Membership, Organisation

from .. import permissions
from ..errors import ActionNotPermitted, MembershipError


@transaction.atomic
def member_add(*, admin, organisation: Organisation, username: str, role: str) -> Membership:
    if not permissions.can_manage_members(admin, organisation.pk):
        raise ActionNotPermitted()
    if role not in Membership.Role.values:
        raise MembershipError(_("Choose a role."))
    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise MembershipError(_("No active user has this username."))
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    elif not created:
        raise MembershipError(_("The user already has this role in the organisation."))
    return membership


@transaction.atomic
def member_deactivate(*, admin, membership: Membership) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not permissions.can_manage_members(admin, membership.organisation_id):
        raise ActionNotPermitted()
    if not membership.is_active:
        return membership
    if membership.role == Membership.Role.ORG_ADMIN and (
        not Membership.objects.filter(
            organisation_id=membership.organisation_id,
            role=Membership.Role.ORG_ADMIN,
            is_active=True,
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise MembershipError(_("The organisation must keep at least one active administrator."))
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    return membership
