"""Client records, consents, the key worker, and starting a referral."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.views import private
from partners.models import Membership
from partners.selectors import active_memberships

from .. import permissions, selectors, services, timeline, workflow
from ..errors import ActionNotPermitted, ReferralError
from ..forms import (
    ClientForm,
    ConsentForm,
    HouseholdFormSet,
    KeyWorkerForm,
    ReferralCreateForm,
    household_from,
)
from ..models import Category, ClientAccessLog, HouseholdMember
from .agencies import parties_context
from .common import client_or_404, refuse


def _client_url(client):
    return redirect("referrals:client", reference=client.reference)


@private
def client_list(request):
    query = request.GET.get("q", "")[:20]
    clients = selectors.clients_of(request.user, query=query)
    page = Paginator(clients, 25).get_page(request.GET.get("page"))
    creating_orgs = [
        m.organisation
        for m in active_memberships(request.user)
        if m.role == Membership.Role.SOCIAL_WORKER
    ]
    return render(
        request,
        "referrals/client_list.html",
        {"page_obj": page, "clients": page.object_list, "q": query, "can_create": creating_orgs},
    )


@private
def client_create(request):
    organisations = [
        m.organisation
        for m in active_memberships(request.user)
        if m.role == Membership.Role.SOCIAL_WORKER
    ]
    if not organisations:
        raise Http404()
    form = ClientForm(request.POST or None)
    household = HouseholdFormSet(
        request.POST or None, queryset=HouseholdMember.objects.none(), prefix="household"
    )
    chosen = organisations[0]
    if len(organisations) > 1 and request.method == "POST":
        chosen = next(
            (o for o in organisations if str(o.pk) == request.POST.get("organisation")), None
        )
    if request.method == "POST" and form.is_valid() and household.is_valid():
        if chosen is None:
            form.add_error(None, _("Choose the organisation that holds the case."))
        else:
            try:
                client = services.client_create(
                    user=request.user,
                    organisation=chosen,
                    data=form.data_for_service(),
                    household=household_from(household),
                    target_groups=form.cleaned_data.get("target_groups"),
                )
            except ReferralError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("The client record %(reference)s was created. Record the consent next.")
                    % {"reference": client.reference},
                )
                return redirect("referrals:consent_create", reference=client.reference)
    return render(
        request,
        "referrals/client_form.html",
        {"form": form, "household": household, "organisations": organisations, "client": None},
    )


@private
def client_detail(request, reference):
    client = client_or_404(request, reference)
    view = selectors.client_view_for(request.user, client)
    services.client_record_read(
        user=request.user, client=client, via=ClientAccessLog.Via.CLIENT_PAGE
    )
    return render(
        request,
        "referrals/client_detail.html",
        {
            "client": client,
            "client_view": view,
            "consents": selectors.consents_shown_to(request.user, client),
            "referrals": selectors.client_referrals_for(request.user, client),
            "can_refer": permissions.can_refer(request.user, client),
            "can_record_consent": permissions.can_record_consent(request.user, client),
            "can_reassign": permissions.can_reassign_key_worker(request.user, client),
            **parties_context(request.user, client, view),
        },
    )


@private
def client_history(request, reference):
    client = client_or_404(request, reference)
    services.client_record_read(user=request.user, client=client, via=ClientAccessLog.Via.HISTORY)
    access_log = []
    if permissions.is_responsible_for(request.user, client):
        access_log = list(client.access_log.select_related("user")[:50])
    return render(
        request,
        "referrals/client_history.html",
        {
            "client": client,
            "timeline": timeline.client_timeline_for(request.user, client),
            "access_log": access_log,
        },
    )


@private
def client_edit(request, reference):
    client = client_or_404(request, reference)
    if not permissions.can_change_client(request.user, client):
        return refuse(request, ActionNotPermitted.default_message, "referrals:client", reference)
    categories = permissions.client_categories_for(request.user, client)
    form = ClientForm(request.POST or None, instance=client, categories=categories)
    household = None
    if Category.HOUSEHOLD in categories:
        household = HouseholdFormSet(
            request.POST or None, queryset=client.household_members.all(), prefix="household"
        )
    valid = form.is_valid() if request.method == "POST" else False
    valid = valid and (household is None or household.is_valid())
    if valid:
        try:
            services.client_update(
                user=request.user,
                client=client,
                data=form.data_for_service(),
                household=household_from(household) if household is not None else None,
                target_groups=form.cleaned_data.get("target_groups"),
            )
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The client record was saved."))
            return _client_url(client)
    services.client_record_read(
        user=request.user, client=client, via=ClientAccessLog.Via.CLIENT_PAGE
    )
    return render(
        request,
        "referrals/client_form.html",
        {"form": form, "household": household, "client": client, "organisations": []},
    )


@private
def consent_create(request, reference):
    client = client_or_404(request, reference)
    if not permissions.can_record_consent(request.user, client):
        return refuse(request, ActionNotPermitted.default_message, "referrals:client", reference)
    form = ConsentForm(request.POST or None, request.FILES or None, client=client)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_grant(
                user=request.user,
                client=client,
                organisation=data["organisation"],
                purpose=data["purpose"],
                categories=data["categories"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                signed_form=data["signed_form"],
                purpose_note=data["purpose_note"],
            )
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The consent was recorded."))
            return _client_url(client)
    return render(request, "referrals/consent_form.html", {"client": client, "form": form})


@private
def consent_withdraw(request, public_id):
    """GET asks for confirmation and names the referrals still waiting on the consent;
    POST withdraws it."""
    consent = selectors.consent_for(request.user, public_id)
    if consent is None:
        raise Http404()
    if request.method != "POST":
        if consent.withdrawn_at is not None or not permissions.can_record_consent(
            request.user, consent.client
        ):
            return _client_url(consent.client)
        return render(
            request,
            "referrals/consent_withdraw.html",
            {
                "consent": consent,
                "client": consent.client,
                "waiting": selectors.referrals_waiting_on(consent),
            },
        )
    try:
        services.consent_withdraw(
            user=request.user, consent=consent, note=request.POST.get("note", "")[:300]
        )
    except ReferralError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The consent was withdrawn; %(organisation)s no longer sees the client's data.")
            % {"organisation": consent.organisation},
        )
    if permissions.can_view_client(request.user, consent.client):
        return _client_url(consent.client)
    return redirect("referrals:client_list")


@private
def consent_form_download(request, public_id):
    consent = selectors.consent_for(request.user, public_id)
    if consent is None or not consent.signed_form:
        raise Http404()
    services.client_record_read(
        user=request.user, client=consent.client, via=ClientAccessLog.Via.CONSENT_FORM
    )
    response = FileResponse(
        consent.signed_form.open("rb"),
        as_attachment=True,
        filename=f"souhlas-{consent.client.reference}{_suffix(consent.signed_form.name)}",
        content_type=consent.signed_form_type or "application/octet-stream",
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


@private
def key_worker_reassign(request, reference):
    client = client_or_404(request, reference)
    if not permissions.can_reassign_key_worker(request.user, client):
        return refuse(request, ActionNotPermitted.default_message, "referrals:client", reference)
    form = KeyWorkerForm(
        request.POST or None,
        candidates=selectors.social_workers_of(client.responsible_organisation_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.client_reassign_key_worker(
                user=request.user,
                client=client,
                key_worker=form.cleaned_data["key_worker"],
                reason=form.cleaned_data["reason"],
            )
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The key worker was changed."))
            return _client_url(client)
    return render(request, "referrals/key_worker_form.html", {"client": client, "form": form})


def _warn_of_open_referrals(form, client) -> None:
    """A second referral of the client to the same programme is usually a mistake: say
    which one is open, and go on only when the worker ticks that they mean it."""
    open_ones = selectors.open_referrals_to(client, form.cleaned_data["programme"])
    if not open_ones or form.cleaned_data.get("confirm_duplicate"):
        return
    form.fields["confirm_duplicate"].widget = forms.CheckboxInput()
    form.add_error(
        "confirm_duplicate",
        _(
            "The client already has an open referral to this programme: %(referrals)s. "
            "Tick the box if you really mean to create another one."
        )
        % {
            "referrals": ", ".join(
                f"{r.reference} ({workflow.STATUS_LABELS[workflow.Status(r.status)]})"
                for r in open_ones
            )
        },
    )


@private
def referral_create(request, reference):
    client = client_or_404(request, reference)
    if not permissions.can_refer(request.user, client):
        return refuse(request, ActionNotPermitted.default_message, "referrals:client", reference)
    form = ReferralCreateForm(request.POST or None, programmes=selectors.programmes_open_to(client))
    if request.method == "POST" and form.is_valid():
        _warn_of_open_referrals(form, client)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                user=request.user,
                client=client,
                programme=form.cleaned_data["programme"],
                reason=form.cleaned_data["reason"],
                urgency=form.cleaned_data["urgency"],
            )
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The referral %(reference)s was drafted. Answer the intake criteria.")
                % {"reference": referral.reference},
            )
            return redirect("referrals:edit", public_id=referral.public_id)
    return render(request, "referrals/referral_create.html", {"client": client, "form": form})
