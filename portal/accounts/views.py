"""Two-factor setup and verification pages (django-otp: TOTP plus static backup codes)."""

import base64
from urllib.parse import urlencode

import segno
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import TokenForm

BACKUP_CODE_COUNT = 10


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _qr_svg(uri: str) -> str:
    # Drawn here as inline SVG: no script, no external service learns the secret.
    return mark_safe(  # noqa: S308 - segno's own markup around our own URI
        segno.make(uri, error="m").svg_inline(
            scale=5, border=4, dark="#000", light="#fff", title=_("QR code for the app")
        )
    )


@never_cache
@login_required
def otp_setup(request):
    user = request.user
    if user_has_device(user, confirmed=True):
        return redirect(f"{reverse('otp_verify')}?{urlencode({'next': _next_url(request)})}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            if device.verify_token(form.cleaned_data["token"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                backup = StaticDevice.objects.create(user=user, name="Backup codes")
                codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
                StaticToken.objects.bulk_create(
                    [StaticToken(device=backup, token=code) for code in codes]
                )
                request.session.cycle_key()
                otp_login(request, device)
                return render(
                    request,
                    "otp/backup_codes.html",
                    {"codes": codes, "next": _next_url(request)},
                )
        form.add_error("token", _("The code is not valid. Check the time on your phone."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "otp/setup.html",
        {
            "form": form,
            "secret": secret,
            "config_url": device.config_url,
            "qr_svg": _qr_svg(device.config_url),
            "next": _next_url(request),
        },
    )


@never_cache
@login_required
def otp_verify(request):
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect("otp_setup")
    if user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        verified = None
        with transaction.atomic():
            # Each device throttles its own failures (django-otp's ThrottlingMixin).
            for device in devices_for_user(user, confirmed=True, for_verify=True):
                if device.verify_token(token):
                    verified = device
                    break
        if verified is not None:
            request.session.cycle_key()
            otp_login(request, verified)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is not valid or was already used."))
    return render(request, "otp/verify.html", {"form": form, "next": _next_url(request)})
