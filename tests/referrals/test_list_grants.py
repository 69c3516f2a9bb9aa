"""The referral lists test the view permission row by row (permissions.
referrals_granted_each) instead of hashing every guardian row of the user's groups; they
must show exactly the referrals they showed before, for every principal of the permission
matrix, and also where guardian's rows and the memberships disagree (a group without its
membership, a membership without its group, a grant to one user, an archived case).

The reference below is the lists' former definition: guardian's `get_objects_for_user`
(permissions.referrals_granted_qs) with each box's filter (docs/decisions/0004)."""

import pytest
from django.db.models import Q
from django.utils import timezone
from guardian.shortcuts import assign_perm

from partners.models import Membership
from partners.selectors import active_memberships
from referrals import permissions, workflow
from referrals import selectors as referral_selectors
from referrals.models import Referral
from referrals.workflow import Role, Status
from tests.referrals import permission_world
from tests.referrals.permission_world import PRINCIPALS

world = permission_world.world
module_media = permission_world.module_media
private_media = permission_world.private_media

pytestmark = pytest.mark.django_db
BOXES = referral_selectors.BOXES


def _former_list(user, box: str) -> set[int]:
    """The lists before docs/decisions/0004, without their filters and order."""
    memberships = active_memberships(user) if user.is_authenticated else []
    casework = {m.organisation_id for m in memberships if m.role in permissions.CASEWORK_ROLES}
    reviewer = {m.organisation_id for m in memberships if m.role == Role.CASE_REVIEWER}
    qs = permissions.referrals_granted_qs(user)
    if box == "inbox":
        qs = qs.filter(receiver_organisation_id__in=casework).exclude(status=Status.DRAFT)
    elif box == "outbox":
        qs = qs.filter(sender_organisation_id__in=casework)
    elif box == "caseload":
        qs = (
            permissions.referrals_visible_to_qs(user)
            .filter(Q(client__key_worker=user) | Q(stay__support_worker=user))
            .exclude(status__in=workflow.TERMINAL)
        )
    elif box == "agenda":
        qs = qs.filter(receiver_organisation_id__in=reviewer, status__in=workflow.AWAITING_DECISION)
    return set(qs.values_list("pk", flat=True))


def _listed(user, box: str) -> set[int]:
    return {r.pk for r in referral_selectors.referral_list(user, box)}


def _assert_same_for_everyone(world):
    shown = 0
    for principal in PRINCIPALS:
        if principal == "anonymous":
            continue
        user = world.users[principal]
        for box in BOXES:
            listed = _listed(user, box)
            assert listed == _former_list(user, box), (principal, box)
            shown += len(listed)
    return shown


def test_lists_show_what_guardian_grants_to_every_principal(world):
    # Not vacuous: the sending and receiving sides see the world's referrals in their boxes.
    assert _assert_same_for_everyone(world) > 10
    receiver_cr = world.users["receiver:case_reviewer"]
    agenda = _listed(receiver_cr, "agenda")
    assert world.referrals["submitted"].pk in agenda
    assert world.referrals["draft"].pk not in _listed(receiver_cr, "inbox")
    assert _listed(world.users["outsider"], "inbox") == set()
    assert _listed(world.users["third:case_reviewer"], "inbox") == set()


def test_lists_follow_guardian_where_rows_and_memberships_disagree(world):
    receiver_sw = world.users["receiver:social_worker"]
    third_cr = world.users["third:case_reviewer"]
    sender_sw = world.users["sender:social_worker"]
    # A group membership left behind without its active membership opens nothing ...
    Membership.objects.filter(user=receiver_sw).update(is_active=False)
    receiver_group = permissions.casework_group(
        world.referrals["submitted"].receiver_organisation_id, Role.SOCIAL_WORKER
    )
    receiver_sw.groups.add(receiver_group)
    # ... a membership whose group is gone shows nothing guardian does not grant ...
    sender_group = permissions.casework_group(world.sender_org.pk, Role.SOCIAL_WORKER)
    sender_sw.groups.remove(sender_group)
    # ... a grant to one user (outside the sync) counts only within the user's organisations.
    assign_perm("view_referral", third_cr, world.referrals["submitted"])
    # An archived case keeps only the rows the sync leaves it.
    archived = world.referrals["accepted"]
    Referral.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    archived.refresh_from_db()
    permissions.referral_sync_perms(archived)
    for user in (receiver_sw, third_cr, sender_sw):
        for box in BOXES:
            permissions.forget_access(world.referrals["submitted"])
            # a fresh user object: memberships are cached per instance
            fresh = type(user).objects.get(pk=user.pk)
            assert _listed(fresh, box) == _former_list(fresh, box), (user.username, box)
    fresh_sender = type(sender_sw).objects.get(pk=sender_sw.pk)
    assert world.referrals["draft"].pk not in _listed(fresh_sender, "outbox")
    assert _listed(type(receiver_sw).objects.get(pk=receiver_sw.pk), "inbox") == set()
    assert _assert_same_for_everyone(world) > 0
