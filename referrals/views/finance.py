"""The money of a stay: its part of the referral page, the full statement, the forms the
receiving programme's workers keep the account with, the tiers' suggestion, and the import
of a payment list. An account the user may not see answers 404, like a missing one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import private
from partners.models import Organisation

from .. import permissions, selectors, services, tiers, workflow
from ..errors import PaymentListInvalid, ReferralError
from ..forms import (
    AccountForm,
    BreachForm,
    PaymentForm,
    PaymentImportForm,
    PaymentImportUndoForm,
    RentTermsForm,
)
from ..models import ClientAccessLog, Payment, PaymentImport, Stay
from .common import post_to_service, referral_or_404

BEFORE_MOVE_IN = frozenset(set(workflow.Status) - {workflow.Status.PLACED, workflow.Status.CLOSED})


def money_context(user, referral, stay, client_view) -> dict:
    """The referral page's money: the stay's account for those who see it (with the
    keeper's forms), and before the move-in the client's payment record for a programme
    deciding with the client's finances."""
    account = selectors.account_view_for(user, referral, stay)
    context = {"account_view": account, "payment_record": []}
    if client_view is not None and client_view.shows_finances and referral.status in BEFORE_MOVE_IN:
        context["payment_record"] = selectors.payment_record_for(user, referral.client)
    if account is not None and account.can_keep:
        context |= _keeper_forms(account)
    if account is not None and account.can_record_breach:
        context["breach_form"] = BreachForm()
    return context


def _keeper_forms(view) -> dict:
    account, rules = view.account, view.rules
    if account is not None:
        initial = {
            "variable_symbol": account.variable_symbol,
            "due_day": account.due_day,
            "deposit_amount": account.deposit_amount,
            "deposit_instalments": account.deposit_instalments,
            "deposit_first_due": account.deposit_first_due,
        }
    else:
        initial = {
            "deposit_amount": (rules.deposit_amount or 0) if rules else 0,
            "deposit_instalments": rules.deposit_instalments if rules else 1,
            "deposit_first_due": view.stay.moved_in_on,
        }
    terms = view.current_terms
    return {
        "payment_form": PaymentForm(),
        "account_form": AccountForm(initial=initial),
        "rent_form": RentTermsForm(
            initial={
                "valid_from": view.stay.moved_in_on if terms is None else None,
                "rent": terms.rent if terms else None,
                "services": terms.services if terms else 0,
            }
        ),
    }


def _account_or_404(request, public_id):
    referral = referral_or_404(request, public_id)
    stay = Stay.objects.filter(referral=referral).select_related("programme__finance_rules").first()
    if stay is None or not permissions.can_view_account(request.user, referral):
        raise Http404()
    return referral, stay


@private
def account_statement(request, public_id):
    referral, stay = _account_or_404(request, public_id)
    view = selectors.account_view_for(request.user, referral, stay, recent=10_000)
    services.client_record_read(
        user=request.user,
        client=referral.client,
        via=ClientAccessLog.Via.REFERRAL_PAGE,
        object_reference=referral.reference,
    )
    return render(
        request,
        "referrals/account_statement.html",
        {"referral": referral, "stay": stay, "account_view": view},
    )


# The name each form has on the referral page (money_context).
PAGE_FORM_NAMES = {
    PaymentForm: "payment_form",
    RentTermsForm: "rent_form",
    AccountForm: "account_form",
    BreachForm: "breach_form",
}


def _account_post(request, public_id, form_class, call, success):
    from .referrals import detail_page  # the referral page shows the money section

    referral, stay = _account_or_404(request, public_id)
    back = f"{referral.get_absolute_url()}#penize"
    name = PAGE_FORM_NAMES[form_class]
    return post_to_service(
        request,
        form_class(request.POST),
        call,
        success,
        back,
        refused=lambda form: detail_page(request, referral, **{name: form}),
        stay=stay,
    )


@private
@require_POST
def payment_add(request, public_id):
    return _account_post(
        request, public_id, PaymentForm, services.payment_record, _("The payment was recorded.")
    )


@private
@require_POST
def rent_terms_set(request, public_id):
    return _account_post(
        request,
        public_id,
        RentTermsForm,
        services.rent_terms_set,
        _("The rent and services were saved."),
    )


@private
@require_POST
def account_settings(request, public_id):
    return _account_post(
        request, public_id, AccountForm, services.account_set, _("The account was saved.")
    )


@private
@require_POST
def breach_add(request, public_id):
    return _account_post(
        request,
        public_id,
        BreachForm,
        services.breach_record,
        _("The house-rule breach was recorded."),
    )


@private
@require_POST
def payment_cancel(request, public_id, payment_id):
    referral, stay = _account_or_404(request, public_id)
    payment = get_object_or_404(Payment, pk=payment_id, account__stay=stay)
    try:
        services.payment_cancel(payment=payment, user=request.user)
    except ReferralError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The payment was cancelled."))
    return redirect(f"{referral.get_absolute_url()}#penize")


@private
@require_POST
def tier_move(request, public_id, direction):
    if direction not in (tiers.UP, tiers.DOWN):
        raise Http404()
    referral, _stay = _account_or_404(request, public_id)
    try:
        transfer = services.tier_move_start(
            referral=referral,
            user=request.user,
            direction=direction,
            move_down_code=request.POST.get("move_down_code") or None,
        )
    except ReferralError as error:
        messages.error(request, error.message)
        return redirect(f"{referral.get_absolute_url()}#penize")
    messages.success(
        request,
        _("A transfer was drafted. Answer the programme's intake criteria and submit it."),
    )
    return redirect("referrals:edit", public_id=transfer.public_id)


@private
def payments_import(request, slug):
    """Upload a payment list; after an import the page shows what came of it (the
    imported list's id in the query), so a reload never imports twice."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not permissions.can_import_payments(request.user, organisation.pk):
        raise Http404()
    form = PaymentImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            result = services.payments_import(
                user=request.user,
                organisation=organisation,
                content=uploaded.read(),
                file_name=uploaded.name or "platby.csv",
                encoding=form.cleaned_data["encoding"],
            )
        except PaymentListInvalid as error:
            form.add_error(None, error.message)
            problems = error.problems
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("%(count)s payments were imported.") % {"count": result.imported}
            )
            if result.duplicates:
                messages.info(
                    request,
                    _(
                        "%(count)s payments of the list had already been imported from an "
                        "earlier list and were not recorded again."
                    )
                    % {"count": len(result.duplicates)},
                )
            return redirect(_import_page_url(organisation, result.batch))
    return _payments_import_page(request, organisation, form, problems)


def _payments_import_page(
    request, organisation, form, problems=(), undo_form=None, shown_id: int | None = None
):
    """The import page; the list shown in detail is `shown_id`, else the one the query
    string names (`?seznam=`)."""
    imports = PaymentImport.objects.filter(organisation=organisation).select_related(
        "imported_by", "cancelled_by"
    )
    if shown_id is None and request.GET.get("seznam", "").isdigit():
        shown_id = int(request.GET["seznam"])
    shown = imports.filter(pk=shown_id).first() if shown_id is not None else None
    return render(
        request,
        "referrals/payments_import.html",
        {
            "organisation": organisation,
            "form": form,
            "problems": problems,
            "shown": shown,
            "undo_form": undo_form or PaymentImportUndoForm(),
            "imports": imports.order_by("-imported_at")[:10],
        },
    )


def _import_page_url(organisation, batch) -> str:
    url = reverse("referrals:payments_import", kwargs={"slug": organisation.slug})
    return f"{url}?seznam={batch.pk}"


@private
@require_POST
def payments_import_undo(request, slug, batch_id):
    """Undo an imported list (its payments cancelled, the arrears settled again), so that
    the file can be imported again, e.g. in the right encoding. A list of an organisation
    the user may not import for answers 404, like a missing one."""
    batch = (
        PaymentImport.objects.filter(pk=batch_id, organisation__slug=slug)
        .select_related("organisation")
        .first()
    )
    if batch is None or not permissions.can_import_payments(request.user, batch.organisation_id):
        raise Http404()
    organisation = batch.organisation
    undo_form = PaymentImportUndoForm(request.POST)
    if undo_form.is_valid():
        try:
            cancelled = services.payment_import_undo(
                user=request.user, batch=batch, reason=undo_form.cleaned_data["reason"]
            )
        except ReferralError as error:
            undo_form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The import of %(name)s was undone: %(count)s payments were cancelled and "
                    "the arrears recomputed. You can now import the file again and choose "
                    "its encoding."
                )
                % {"name": batch.file_name, "count": cancelled},
            )
            return redirect(_import_page_url(organisation, batch))
    return _payments_import_page(
        request, organisation, PaymentImportForm(), undo_form=undo_form, shown_id=batch.pk
    )
