from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.views import private

from .. import permissions, selectors, services
from ..models import Notification


@private
def notifications(request):
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "referrals/notifications.html",
        {"page_obj": page, "notifications": page.object_list},
    )


@private
@require_POST
def notifications_mark_read(request):
    services.notification_mark_read(user=request.user)
    return redirect("referrals:notifications")


@private
def notification_open(request, pk):
    """Mark one notification read and go to what it is about, if still visible."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        services.notification_mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.referral_id and permissions.can_view_referral(
        request.user, notification.referral
    ):
        return redirect(notification.referral)
    if notification.client_id and permissions.can_view_client(request.user, notification.client):
        return redirect("referrals:client", reference=notification.client.reference)
    return redirect("referrals:notifications")
