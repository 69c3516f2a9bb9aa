"""What every view of the module shares: 404 for anything the user may not see (the same
answer as for something that does not exist), and refusals shown as messages. Login and
no caching come from core.views.private."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from .. import selectors
from ..errors import ActionNotPermitted, ReferralError
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


def post_to_service(request, form, call, success, back, *, refused=None, **target):
    """A small POST form of a case page: validate `form`, call the service with the user,
    `target` (the record it acts on) and the cleaned data, say how it went, and go `back`
    (a URL or a model with get_absolute_url). A refusal with `refused` (the page the form
    was sent from, rendered with the bound form) shows the errors beside the form and in
    the page's error summary, with what was typed kept; without it, as a notice. A step
    that is not this user's is refused like every other (`refuse`): nothing on the page
    to correct, so a notice and back."""
    if form.is_valid():
        try:
            call(user=request.user, **target, **form.cleaned_data)
        except ActionNotPermitted as error:
            return refuse(request, error.message, back)
        except ReferralError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect(back)
    if refused is not None:
        return refused(form)
    form_errors_as_message(request, form)
    return redirect(back)
