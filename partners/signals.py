"""Membership changes drop the per-request membership cache of the user object."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Membership
from .selectors import MEMBERSHIP_CACHE_ATTR


@receiver([post_save, post_delete], sender=Membership)
def forget_cached_memberships(sender, instance, **kwargs):
    if hasattr(instance.user, MEMBERSHIP_CACHE_ATTR):
        delattr(instance.user, MEMBERSHIP_CACHE_ATTR)
