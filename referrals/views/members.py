"""Organisation administrators manage their members: add an existing user with a role,
deactivate a membership."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import private
from partners.models import Membership, Organisation

from .. import permissions, selectors, services
from ..errors import ReferralError
from ..forms import MemberAddForm


def _managed_organisation(request, slug) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not permissions.can_manage_members(request.user, organisation.pk):
        raise Http404()
    return organisation


@private
def members_home(request):
    organisations = permissions.organisations_managed_by(request.user)
    if not organisations:
        raise Http404()
    if len(organisations) == 1:
        return redirect("referrals:members", slug=organisations[0].slug)
    return render(request, "referrals/members_home.html", {"organisations": organisations})


@private
def members(request, slug):
    organisation = _managed_organisation(request, slug)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(
                admin=request.user,
                organisation=organisation,
                username=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
            )
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The member was added."))
            return redirect("referrals:members", slug=slug)
    return render(
        request,
        "referrals/members.html",
        {
            "organisation": organisation,
            "memberships": selectors.members_of(organisation.pk),
            "form": form,
        },
    )


@private
@require_POST
def member_deactivate(request, slug, membership_id):
    organisation = _managed_organisation(request, slug)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    try:
        services.member_deactivate(admin=request.user, membership=membership)
    except ReferralError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The membership was deactivated."))
    return redirect("referrals:members", slug=slug)
