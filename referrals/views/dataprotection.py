"""Data protection: access-request exports, erasure on request and the record of
processing activities (who may do what in permissions/dataprotection.py)."""

import re

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.views import private
from partners.selectors import active_memberships

from .. import permissions, selectors, services
from ..errors import ErasureGroundRequired, ReferralError
from ..models import Category, DataProtectionEvent

REFERENCE = re.compile(r"^K-\d{4}-\d{4,6}$")


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Client reference"),
        max_length=20,
        help_text=gettext_lazy("e.g. K-2026-0042; the reference code, never a name"),
    )

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip().upper()
        if not REFERENCE.match(value):
            raise forms.ValidationError(_("Enter a client reference such as K-2026-0042."))
        return value


class ExportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("What organisation holds"),
        queryset=None,
        to_field_name="slug",
        empty_label=None,
    )
    export_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=DataProtectionEvent.Format.choices,
        initial=DataProtectionEvent.Format.PDF,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        from partners.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        ).order_by("name")


class ErasureForm(forms.Form):
    ground = forms.ChoiceField(
        label=gettext_lazy("Legal ground for the erasure"),
        choices=[("", "—"), *DataProtectionEvent.Ground.choices],
        error_messages={"required": ErasureGroundRequired.default_message},
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that the client's personal data, household, notes and files will be "
            "erased for every organisation and cannot be restored."
        ),
        error_messages={"required": gettext_lazy("Confirm that you understand the erasure.")},
    )


def _access_or_404(request, reference) -> selectors.DataProtectionAccess:
    access = selectors.client_for_data_protection(request.user, reference)
    if access is None:
        raise Http404()
    return access


@private
def dataprotection_home(request):
    handles = permissions.may_handle_requests(request.user)
    ropa = permissions.can_view_processing_record(request.user)
    if not (handles or ropa or active_memberships(request.user)):
        raise Http404()
    form = ReferenceForm(request.GET or None)
    if request.GET and form.is_valid():
        reference = form.cleaned_data["reference"]
        if selectors.client_for_data_protection(request.user, reference) is not None:
            return redirect("referrals:dataprotection_client", reference=reference)
        form.add_error(
            "reference",
            _("No client with this reference that you may handle requests for."),
        )
    events = list(selectors.events_for(request.user)[:50]) if handles else []
    return render(
        request,
        "referrals/dataprotection/home.html",
        {"form": form, "events": events, "handles": handles, "can_view_ropa": ropa},
    )


@private
def dataprotection_client(request, reference):
    access = _access_or_404(request, reference)
    export_form = None
    if access.export_organisations:
        export_form = ExportForm(organisations=access.export_organisations)
    return render(
        request,
        "referrals/dataprotection/client.html",
        {
            "client": access.client,
            "access": access,
            "export_form": export_form,
            "blockers": services.erasure_blockers(access.client) if access.can_erase else [],
        },
    )


@private
@require_POST
def dataprotection_export(request, reference):
    access = _access_or_404(request, reference)
    if not access.export_organisations:
        raise Http404()
    form = ExportForm(request.POST, organisations=access.export_organisations)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("referrals:dataprotection_client", reference=reference)
    try:
        export = services.client_export(
            user=request.user,
            client=access.client,
            organisation=form.cleaned_data["organisation"],
            export_format=form.cleaned_data["export_format"],
        )
    except ReferralError as error:
        messages.error(request, error.message)
        return redirect("referrals:dataprotection_client", reference=reference)
    response = HttpResponse(export.content, content_type=export.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@private
def dataprotection_erase(request, reference):
    access = _access_or_404(request, reference)
    if not access.can_erase:
        raise Http404()
    client = access.client
    blockers = services.erasure_blockers(client)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_erase(
                user=request.user, client=client, ground=form.cleaned_data["ground"]
            )
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "The personal data of client %(reference)s were erased. The erasure is "
                    "recorded in the data-protection log."
                )
                % {"reference": client.reference},
            )
            return redirect("referrals:dataprotection_home")
    return render(
        request,
        "referrals/dataprotection/erase.html",
        {"client": client, "form": form, "blockers": blockers},
    )


@private
def processing_record(request):
    if not permissions.can_view_processing_record(request.user):
        raise Http404()
    return render(
        request,
        "referrals/dataprotection/processing_record.html",
        {
            "numbers": selectors.processing_record_numbers(),
            "config": selectors.processing_record_settings(),
            "categories": Category.choices,
        },
    )
