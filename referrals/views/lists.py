"""Inbox, outbox, caseload and the case-review agenda: one query for the rows, whatever
their number, and no count of them (core.paging: a page reads one row more than it shows)."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.views import private
from core.widgets import FastSelect

from .. import permissions, selectors
from ..forms import ListFilterForm

PAGE_SIZE = 25
TITLES = {
    "inbox": _("Incoming referrals"),
    "outbox": _("Sent referrals"),
    "caseload": _("My cases"),
    "agenda": _("Case-review agenda"),
}
INTROS = {
    "inbox": _("Referrals to your organisation's programmes."),
    "outbox": _("Referrals and transfers your organisation has sent."),
    "caseload": _("Open cases in which you are the key worker or the worker who visits."),
    "agenda": _(
        "Referrals to your programmes waiting for the case-review group's decision, the "
        "oldest deadline first."
    ),
}


def _box(request, box: str):
    programmes = selectors.programmes_for_filter(request.user)
    form = ListFilterForm(request.GET or None, programmes=programmes)
    # The programme select has an option per programme the organisations deal with (300 at
    # scale M): Django's per-option widget templates made it most of the page's time.
    FastSelect.replace(form)
    filters = selectors.ListFilters(**form.filters())
    page = selectors.referral_list_page(
        request.user, box, filters, page=request.GET.get("page"), per_page=PAGE_SIZE
    )
    return render(
        request,
        "referrals/referral_list.html",
        {
            "box": box,
            "title": TITLES[box],
            "intro": INTROS[box],
            "form": form,
            "page_obj": page,
            "referrals": page.object_list,
            "has_casework": permissions.user_has_casework(request.user),
        },
    )


@private
def inbox(request):
    return _box(request, "inbox")


@private
def outbox(request):
    return _box(request, "outbox")


@private
def caseload(request):
    return _box(request, "caseload")


@private
def agenda(request):
    return _box(request, "agenda")
