"""The parties of a case on the client page: the agencies involved and the labour office's
benefits, with the forms of those who may record them, and the client's payment record."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import private

from .. import permissions, selectors, services
from ..forms import BenefitEndForm, BenefitForm, InvolvementEndForm, InvolvementForm
from ..models import AgencyInvolvement, BenefitRecord, Category
from .common import client_or_404, post_to_service


def _recordable_kinds(user, client) -> list[str]:
    return [
        kind
        for kind, category in AgencyInvolvement.CATEGORY.items()
        if permissions.can_record_for_client(user, client, category)
    ]


def parties_context(user, client, client_view) -> dict:
    kinds = _recordable_kinds(user, client)
    can_benefits = permissions.can_record_for_client(user, client, Category.FINANCES)
    return {
        "involvement_form": InvolvementForm(kinds=kinds) if kinds else None,
        "recordable_kinds": kinds,
        "benefit_form": BenefitForm() if can_benefits else None,
        "end_involvement_form": InvolvementEndForm() if kinds else None,
        "end_benefit_form": BenefitEndForm() if can_benefits else None,
        "payment_record": (
            selectors.payment_record_for(user, client) if client_view.shows_finances else []
        ),
    }


def _client_url(client) -> str:
    return reverse("referrals:client", kwargs={"reference": client.reference}) + "#strany"


def _post(request, record_of, form, call, success, **extra):
    """Validate `form`, call the service with it and `extra`, and go back to the client."""
    return post_to_service(request, form, call, success, _client_url(record_of), **extra)


@private
@require_POST
def involvement_add(request, reference):
    client = client_or_404(request, reference)
    form = InvolvementForm(request.POST, kinds=_recordable_kinds(request.user, client))
    return _post(
        request,
        client,
        form,
        services.involvement_record,
        _("The agency was recorded."),
        client=client,
    )


def _involvement_or_404(request, client, pk) -> AgencyInvolvement:
    involvement = get_object_or_404(AgencyInvolvement, pk=pk, client=client)
    if involvement.category not in permissions.client_categories_for(request.user, client):
        raise Http404()  # a record of a category the user does not see
    return involvement


@private
@require_POST
def involvement_end(request, reference, involvement_id):
    client = client_or_404(request, reference)
    involvement = _involvement_or_404(request, client, involvement_id)
    return _post(
        request,
        client,
        InvolvementEndForm(request.POST),
        services.involvement_end,
        _("The end of the involvement was recorded."),
        involvement=involvement,
    )


@private
@require_POST
def benefit_add(request, reference):
    client = client_or_404(request, reference)
    return _post(
        request,
        client,
        BenefitForm(request.POST),
        services.benefit_record,
        _("The benefit was recorded."),
        client=client,
    )


@private
@require_POST
def benefit_end(request, reference, benefit_id):
    client = client_or_404(request, reference)
    if Category.FINANCES not in permissions.client_categories_for(request.user, client):
        raise Http404()
    benefit = get_object_or_404(BenefitRecord, pk=benefit_id, client=client)
    return _post(
        request,
        client,
        BenefitEndForm(request.POST),
        services.benefit_end,
        _("The end of the benefit was recorded."),
        benefit=benefit,
    )
