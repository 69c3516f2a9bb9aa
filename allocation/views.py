"""Views of allocation: thin; they parse a form, call one service or selector and render.
Each form posts to a view of its own. Anything the user may not see answers 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.views import private

from . import permissions, selectors, services
from .errors import AllocationError
from .forms import EntryStatusForm, FlatForm, OfferForm, PreferencesForm, RefusalForm, ScoreForm
from .models import EntryStatus, Flat, Offer

WAITING_LIST_PAGE = 50
FLAT_LIST_PAGE = 50


def _404_unless(condition):
    if not condition:
        raise Http404()


@private
def home(request):
    return render(request, "allocation/home.html", selectors.home_page(request.user))


@private
def capacity(request):
    _404_unless(permissions.can_view_capacity(request.user))
    return render(request, "allocation/capacity.html", {"board": selectors.capacity_board()})


# --- Waiting list -----------------------------------------------------------------------


def _programme_or_404(request, programme_id: int):
    programme = selectors.programme_for_commission(request.user, programme_id)
    _404_unless(programme)
    return programme


@private
def waiting_list(request, programme_id: int):
    programme = _programme_or_404(request, programme_id)
    status = request.GET.get("status") or EntryStatus.WAITING
    if status not in EntryStatus.values:
        status = EntryStatus.WAITING
    context = selectors.waiting_list_page(
        request.user,
        programme,
        district_id=request.GET.get("district"),
        status=status,
        per_page=WAITING_LIST_PAGE,
        page=request.GET.get("page"),
    )
    return render(request, "allocation/waiting_list.html", context)


@private
@require_POST
def waiting_list_add(request, programme_id: int):
    programme = _programme_or_404(request, programme_id)
    try:
        added = services.entries_add_accepted(programme=programme, user=request.user)
        messages.success(request, _("Added to the waiting list: %(count)s.") % {"count": added})
    except AllocationError as error:
        messages.error(request, error.message)
    return redirect("allocation:waiting_list", programme.pk)


# --- An applicant on the list -----------------------------------------------------------


def _entry_or_404(request, public_id):
    entry = selectors.entry_for(request.user, public_id)
    _404_unless(entry)
    return entry


def _render_entry(request, public_id, **bound_forms):
    # read afresh: a bound preferences form has already written its input to its instance
    entry = _entry_or_404(request, public_id)
    forms = {
        "score_form": ScoreForm(programme=entry.programme, prefix="score"),
        "preferences_form": PreferencesForm(instance=entry, prefix="prefs"),
        "status_form": EntryStatusForm(prefix="status"),
        **bound_forms,
    }
    context = {**selectors.entry_page(request.user, entry), **forms}
    return render(request, "allocation/entry_detail.html", context)


@private
def entry_detail(request, public_id):
    return _render_entry(request, public_id)


def _entry_form_post(request, public_id, *, name: str, bind, save, done: str):
    """The shape the entry's forms share: bind the form, call one service, go back to the
    entry; invalid input or a refusal re-renders the page with the form's errors."""
    entry = _entry_or_404(request, public_id)
    _404_unless(permissions.can_score(request.user, entry))
    form = bind(entry)
    if form.is_valid():
        try:
            save(entry, form.cleaned_data)
        except AllocationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("allocation:entry", entry.public_id)
    return _render_entry(request, public_id, **{name: form})


def _score_post(request, public_id, *, write, done: str):
    """The score form has two buttons: a member's own scoring and the commission's score;
    each posts here through its own view with the service it calls."""
    return _entry_form_post(
        request,
        public_id,
        name="score_form",
        bind=lambda entry: ScoreForm(request.POST, programme=entry.programme, prefix="score"),
        save=lambda entry, data: write(
            entry=entry,
            user=request.user,
            criterion_ids=[criterion.pk for criterion in data["criteria"]],
            note=data["note"],
        ),
        done=done,
    )


@private
@require_POST
def entry_score(request, public_id):
    """One commission member's own scoring."""
    done = _("Your scoring has been recorded.")
    return _score_post(request, public_id, write=services.score_record, done=done)


@private
@require_POST
def entry_score_decide(request, public_id):
    """The commission's score, which ranks the applicant."""
    done = _("The commission's score has been recorded.")
    return _score_post(request, public_id, write=services.score_decide, done=done)


@private
@require_POST
def entry_preferences(request, public_id):
    return _entry_form_post(
        request,
        public_id,
        name="preferences_form",
        bind=lambda entry: PreferencesForm(request.POST, instance=entry, prefix="prefs"),
        save=lambda entry, data: services.entry_update_preferences(
            entry=entry, user=request.user, **data
        ),
        done=_("The preferences have been saved."),
    )


@private
@require_POST
def entry_status(request, public_id):
    return _entry_form_post(
        request,
        public_id,
        name="status_form",
        bind=lambda entry: EntryStatusForm(request.POST, prefix="status"),
        save=lambda entry, data: services.entry_set_status(
            entry=entry, user=request.user, status=data["status"], reason=data["reason"]
        ),
        done=_("The status has been changed."),
    )


# --- Flats ------------------------------------------------------------------------------


@private
def flat_list(request):
    return render(
        request,
        "allocation/flat_list.html",
        {
            **selectors.flat_list_page(
                request.user, per_page=FLAT_LIST_PAGE, page=request.GET.get("page")
            ),
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
    return render(request, "allocation/flat_detail.html", selectors.flat_page(request.user, flat))


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


# --- Offers -----------------------------------------------------------------------------


@private
def offer_create(request, public_id, entry_id):
    flat = _flat_or_404(request, public_id)
    _404_unless(permissions.can_manage_flat(request.user, flat))
    entry = _entry_or_404(request, entry_id)
    form = OfferForm(
        request.POST or None,
        receiver_id=entry.referral.receiver_organisation_id,
        programme=flat.programme,
    )
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


def _render_offer(request, public_id, *, bound_forms=None, status: int = 200):
    # read afresh: a refused write leaves the offer as it was in the database
    offer = _offer_or_404(request, public_id)
    context = selectors.offer_page(request.user, offer)
    forms = {side: RefusalForm(side=side, prefix=side) for side in context["sides"]}
    forms.update(bound_forms or {})
    context["refusal_forms"] = [
        (side, Offer.Side(side).label, form) for side, form in forms.items()
    ]
    return render(request, "allocation/offer_detail.html", context, status=status)


@private
def offer_detail(request, public_id):
    return _render_offer(request, public_id)


def _deciding_side_or_404(request, public_id) -> tuple[Offer, str]:
    """The offer and the side the user decides for (a POSTed `side` they may act as)."""
    offer = _offer_or_404(request, public_id)
    side = request.POST.get("side")
    _404_unless(side in permissions.deciding_sides(request.user, offer))
    return offer, side


@private
@require_POST
def offer_accept(request, public_id):
    offer, side = _deciding_side_or_404(request, public_id)
    try:
        offer = services.offer_accept(offer=offer, user=request.user, side=side)
    except AllocationError as error:
        messages.error(request, error.message)
        return _render_offer(request, public_id, status=400)
    messages.success(request, _("The acceptance has been recorded."))
    return redirect("allocation:offer", offer.public_id)


@private
@require_POST
def offer_refuse(request, public_id):
    offer, side = _deciding_side_or_404(request, public_id)
    form = RefusalForm(request.POST, side=side, prefix=side)
    if form.is_valid():
        try:
            services.offer_refuse(
                offer=offer,
                user=request.user,
                side=side,
                refused_by_side=form.cleaned_data["refused_by_side"],
                category=form.cleaned_data["refusal_category"],
                reason=form.cleaned_data["refusal_reason"],
            )
        except AllocationError as error:
            form.add_error(None, error.message)
            messages.error(request, error.message)
        else:
            messages.success(request, _("The refusal has been recorded."))
            return redirect("allocation:offer", offer.public_id)
    return _render_offer(request, public_id, bound_forms={side: form}, status=400)
