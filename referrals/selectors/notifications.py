"""A user's notifications, and the count of the unread ones that every referral page's
navigation shows."""

from django.conf import settings
from django.db.models import QuerySet

from core.cache import new_versions_now_and_at_commit, versioned_cached

from ..models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("referral", "client")


def _unread_version_key(user_id) -> str:
    return f"referrals:unread:version:{user_id}"


def unread_notifications_count(user) -> int:
    """Kept in the shared cache under a version of the user's own, as the signed-in user
    is (partners.selectors.signed_in_user, with its switch and lifetime): the services
    that add notifications or mark them read replace it (forget_unread_counts), so the
    next page counts again. Every referral page's navigation shows the count; it changes
    far less often than pages are opened."""
    if not user.is_authenticated:
        return 0

    def count() -> int:
        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return versioned_cached(
        _unread_version_key(user.pk),
        f"referrals:unread:{user.pk}",
        count,
        timeout=settings.PORTAL_SIGNED_IN_SECONDS,
        enabled=settings.PORTAL_SIGNED_IN_CACHE,
    )


def forget_unread_counts(user_ids) -> None:
    """The users' unread notifications changed: now, and again once the change commits (a
    page that counted while it was being made kept its count under the version of now)."""
    keys = [_unread_version_key(pk) for pk in set(user_ids)]
    if keys and settings.PORTAL_SIGNED_IN_CACHE:
        new_versions_now_and_at_commit(*keys)
