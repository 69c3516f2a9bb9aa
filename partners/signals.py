"""Membership changes drop the per-request membership cache of the user object, and any
change of who a user is to the portal replaces the version the session's user is kept
under (selectors.signed_in_user)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from core.cache import new_versions_now_and_at_commit

from .models import Membership, Organisation
from .selectors import MEMBERSHIP_CACHE_ATTR, SIGNED_IN_VERSION_KEY


@receiver([post_save, post_delete], sender=Membership)
def forget_cached_memberships(sender, instance, **kwargs):
    if hasattr(instance.user, MEMBERSHIP_CACHE_ATTR):
        delattr(instance.user, MEMBERSHIP_CACHE_ATTR)


def signed_in_users_changed(**kwargs) -> None:
    """Now, and again once the change commits (core.cache.new_versions_now_and_at_commit)."""
    # m2m_changed sends pre_ and post_ of each change; the post_ one is the change
    if kwargs.get("raw") or kwargs.get("action", "post_").startswith("pre_"):
        return
    # A login records its time alone (update_last_login): who the user is to the portal
    # stays, so a login does not retire every signed-in user's kept copy.
    if set(kwargs.get("update_fields") or ()) == {"last_login"}:
        return
    new_versions_now_and_at_commit(SIGNED_IN_VERSION_KEY)


def connect_signed_in_signals() -> None:
    user_model = get_user_model()
    for model in (user_model, Group, Membership, Organisation):
        for signal in (post_save, post_delete):
            signal.connect(
                signed_in_users_changed,
                sender=model,
                dispatch_uid=f"partners.signed_in.{model._meta.label}.{id(signal)}",
            )
    for through in (user_model.groups.through, user_model.user_permissions.through):
        m2m_changed.connect(
            signed_in_users_changed,
            sender=through,
            dispatch_uid=f"partners.signed_in.{through._meta.label}",
        )


connect_signed_in_signals()
