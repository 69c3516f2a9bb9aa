"""What every view of the module shares: 404 for anything the user may not see (the same
answer as for something that does not exist), and refusals shown as messages. Login and
no caching come from core.views.private."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from .. import selectors
from ..models import Client, Referral


def referral_or_404(request, public_id) -> Referral:
    referral = selectors.referral_for(request.user, public_id)
    if referral is None:
        raise Http404()
    return referral


def client_or_404(request, reference: str) -> Client:
    client = selectors.client_for(request.user, reference)
    if client is None:
        raise Http404()
    return client


def refuse(request, message, target, *args):
    """A visible case, but not this user's step: say why and go back."""
    messages.error(request, message)
    return redirect(target, *args)


def form_errors_as_message(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
