"""Views of allocation: thin; they parse a form, call one service or selector and render.
Anything the user may not see answers 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.views import private

from . import permissions, selectors, services
from .errors import AllocationError
from .forms import EntryStatusForm, FlatForm, OfferForm, PreferencesForm, RefusalForm, ScoreForm
from .history import history_rows
from .matching import match_flat
from .models import District, EntryStatus, Flat, MemberScore, Offer

WAITING_LIST_PAGE = 200


def _404_unless(condition):
    if not condition:
        raise Http404()


@private
def home(request):
    user = request.user
    return render(
        request,
        "allocation/home.html",
        {
            "programmes": selectors.programmes_for_commission(user),
            "flats": selectors.flats_visible_to(user)[:50],
            "offers": selectors.offers_visible_to(user).filter(status=Offer.Status.PENDING)[:50],
            "can_view_capacity": permissions.can_view_capacity(user),
        },
    )


@private
def capacity(request):
    _404_unless(permissions.can_view_capacity(request.user))
    return render(request, "allocation/capacity.html", {"rows": selectors.capacity_board()})


@private
def waiting_list(request, programme_id: int):
    programme = selectors.programme_for_commission(request.user, programme_id)
    _404_unless(programme)
    if request.method == "POST":
        try:
            added = services.entries_add_accepted(programme=programme, user=request.user)
            messages.success(request, _("Added to the waiting list: %(count)s.") % {"count": added})
        except AllocationError as error:
            messages.error(request, error.message)
        return redirect("allocation:waiting_list", programme.pk)
    districts = list(District.objects.all())
    district = next((d for d in districts if str(d.pk) == request.GET.get("district")), None)
    status = request.GET.get("status") or EntryStatus.WAITING
    if status not in EntryStatus.values:
        status = EntryStatus.WAITING
    entries = selectors.waiting_list(request.user, programme, district=district, status=status)
    return render(
        request,
        "allocation/waiting_list.html",
        {
            "programme": programme,
            "entries": list(entries[:WAITING_LIST_PAGE]),
            "districts": districts,
            "district": district,
            "status": status,
            "statuses": EntryStatus.choices,
        },
    )


def _entry_or_404(request, public_id):
    entry = selectors.entry_for(request.user, public_id)
    _404_unless(entry)
    return entry


@private
def entry_detail(request, public_id):
    entry = _entry_or_404(request, public_id)
    user = request.user
    can_score = permissions.can_score(user, entry)
    score_form = ScoreForm(programme=entry.programme, prefix="score")
    preferences_form = PreferencesForm(instance=entry, prefix="prefs")
    status_form = EntryStatusForm(prefix="status")
    if request.method == "POST":
        _404_unless(can_score)
        which = request.POST.get("form")
        try:
            if which in ("member", "final"):
                score_form = ScoreForm(request.POST, programme=entry.programme, prefix="score")
                if score_form.is_valid():
                    ids = [c.pk for c in score_form.cleaned_data["criteria"]]
                    note = score_form.cleaned_data["note"]
                    if which == "final":
                        services.score_decide(entry=entry, user=user, criterion_ids=ids, note=note)
                        messages.success(request, _("The commission's score has been recorded."))
                    else:
                        services.score_record(entry=entry, user=user, criterion_ids=ids, note=note)
                        messages.success(request, _("Your scoring has been recorded."))
                    return redirect("allocation:entry", entry.public_id)
            elif which == "preferences":
                preferences_form = PreferencesForm(request.POST, instance=entry, prefix="prefs")
                if preferences_form.is_valid():
                    data = preferences_form.cleaned_data
                    services.entry_update_preferences(
                        entry=entry,
                        user=user,
                        household_size=data["household_size"],
                        min_rooms=data["min_rooms"],
                        needs_accessible=data["needs_accessible"],
                        near_school=data["near_school"],
                        near_kindergarten=data["near_kindergarten"],
                        preferred_districts=data["preferred_districts"],
                    )
                    messages.success(request, _("The preferences have been saved."))
                    return redirect("allocation:entry", entry.public_id)
            elif which == "status":
                status_form = EntryStatusForm(request.POST, prefix="status")
                if status_form.is_valid():
                    services.entry_set_status(
                        entry=entry,
                        user=user,
                        status=status_form.cleaned_data["status"],
                        reason=status_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("The status has been changed."))
                    return redirect("allocation:entry", entry.public_id)
        except AllocationError as error:
            form = {"preferences": preferences_form, "status": status_form}.get(which, score_form)
            form.add_error(None, error.message)
        entry.refresh_from_db()
    total, lines = services.explain_score(entry.score_items)
    return render(
        request,
        "allocation/entry_detail.html",
        {
            "entry": entry,
            "referral": entry.referral,
            "rank": selectors.entry_rank(entry),
            "score_lines": lines,
            "member_scores": MemberScore.objects.filter(entry=entry).select_related("member"),
            "can_score": can_score,
            "score_form": score_form,
            "preferences_form": preferences_form,
            "status_form": status_form,
            "history": history_rows(entry.history.all()),
        },
    )


@private
def flat_list(request):
    flats = selectors.flats_visible_to(request.user)
    return render(
        request,
        "allocation/flat_list.html",
        {
            "flats": flats[:200],
            "can_create": bool(permissions.commission_programme_org_ids(request.user)),
        },
    )


@private
def flat_create(request):
    _404_unless(permissions.commission_programme_org_ids(request.user))
    form = FlatForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "owner"}
        try:
            flat = services.flat_create(user=request.user, owner=form.cleaned_data["owner"], **data)
        except AllocationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The flat has been recorded."))
            return redirect("allocation:flat", flat.public_id)
    return render(request, "allocation/flat_form.html", {"form": form})


def _flat_or_404(request, public_id) -> Flat:
    flat = selectors.flat_for(request.user, public_id)
    _404_unless(flat)
    return flat


@private
def flat_detail(request, public_id):
    flat = _flat_or_404(request, public_id)
    can_manage = permissions.can_manage_flat(request.user, flat)
    matches = []
    if can_manage and flat.state == Flat.State.VACANT:
        matches = match_flat(flat, selectors.entries_visible_to(request.user, flat.programme))
    return render(
        request,
        "allocation/flat_detail.html",
        {
            "flat": flat,
            "can_manage": can_manage,
            "matches": matches,
            "offers": flat.offers.select_related("entry__referral")[:20],
            "history": history_rows(flat.history.all()),
        },
    )


@private
def flat_edit(request, public_id):
    flat = _flat_or_404(request, public_id)
    _404_unless(permissions.can_manage_flat(request.user, flat))
    form = FlatForm(request.POST or None, instance=flat, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.flat_update(flat=flat, user=request.user, **form.cleaned_data)
        except AllocationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The flat has been saved."))
            return redirect("allocation:flat", flat.public_id)
    return render(request, "allocation/flat_form.html", {"form": form, "flat": flat})


@private
def offer_create(request, public_id, entry_id):
    flat = _flat_or_404(request, public_id)
    _404_unless(permissions.can_manage_flat(request.user, flat))
    entry = _entry_or_404(request, entry_id)
    form = OfferForm(request.POST or None, receiver_id=entry.referral.receiver_organisation_id)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                flat=flat, entry=entry, user=request.user, **form.cleaned_data
            )
        except AllocationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The flat has been offered."))
            return redirect("allocation:offer", offer.public_id)
    return render(
        request, "allocation/offer_form.html", {"form": form, "flat": flat, "entry": entry}
    )


def _offer_or_404(request, public_id) -> Offer:
    offer = selectors.offer_for(request.user, public_id)
    _404_unless(offer)
    return offer


def _sides(user, offer) -> list[str]:
    return [
        s
        for s in (Offer.Side.OWNER, Offer.Side.SUPPORT)
        if permissions.can_decide_offer(user, offer, s)
    ]


@private
def offer_detail(request, public_id):
    offer = _offer_or_404(request, public_id)
    sides = _sides(request.user, offer)
    refusal_forms = {side: RefusalForm(side=side, prefix=side) for side in sides}
    return render(
        request,
        "allocation/offer_detail.html",
        _offer_context(request, offer, sides, refusal_forms),
    )


def _offer_context(request, offer, sides, refusal_forms):
    return {
        "offer": offer,
        "sides": sides,
        "refusal_forms": [
            (side, Offer.Side(side).label, form) for side, form in refusal_forms.items()
        ],
        "owner_pending": Offer.Side.OWNER in sides and not offer.owner_accepted_at,
        "support_pending": Offer.Side.SUPPORT in sides and not offer.support_accepted_at,
        "see_applicant": permissions.can_see_applicant(request.user, offer),
        "history": history_rows(offer.history.all()),
    }


@private
@require_POST
def offer_decide(request, public_id):
    offer = _offer_or_404(request, public_id)
    sides = _sides(request.user, offer)
    side = request.POST.get("side")
    _404_unless(side in sides)
    refusal_forms = {s: RefusalForm(side=s, prefix=s) for s in sides}
    try:
        if request.POST.get("decision") == "accept":
            offer = services.offer_accept(offer=offer, user=request.user, side=side)
            messages.success(request, _("The acceptance has been recorded."))
            return redirect("allocation:offer", offer.public_id)
        form = RefusalForm(request.POST, side=side, prefix=side)
        refusal_forms[side] = form
        if form.is_valid():
            services.offer_refuse(
                offer=offer,
                user=request.user,
                side=side,
                refused_by_side=form.cleaned_data["refused_by_side"],
                category=form.cleaned_data["refusal_category"],
                reason=form.cleaned_data["refusal_reason"],
            )
            messages.success(request, _("The refusal has been recorded."))
            return redirect("allocation:offer", offer.public_id)
    except AllocationError as error:
        refusal_forms[side].add_error(None, error.message)
        messages.error(request, error.message)
    offer = _offer_or_404(request, public_id)
    return render(
        request,
        "allocation/offer_detail.html",
        _offer_context(request, offer, sides, refusal_forms),
        status=400,
    )
