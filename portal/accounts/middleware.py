from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from .policy import two_factor_required

# Reachable before the second factor: the pages that provide it, logging out, the language
# switch, static files and the load balancer's probe.
ALWAYS_ALLOWED_URL_NAMES = ("otp_setup", "otp_verify", "logout", "health", "set_language")


class RequireTwoFactorMiddleware:
    """Sends a user who must use two-factor authentication, and whose session has not been
    verified with a one-time password, to set up a device (none yet) or to verify one.

    Runs after django_otp's OTPMiddleware, which tells verified sessions apart; a session
    opened by force_login or a password alone is unverified."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed_paths = None

    def allowed_paths(self) -> tuple[str, ...]:
        if self._allowed_paths is None:
            self._allowed_paths = tuple(reverse(name) for name in ALWAYS_ALLOWED_URL_NAMES) + (
                settings.STATIC_URL,
            )
        return self._allowed_paths

    def __call__(self, request):
        user = request.user
        if (
            settings.PORTAL_REQUIRE_2FA
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.allowed_paths())
            and two_factor_required(user)
        ):
            target = "otp_verify" if user_has_device(user, confirmed=True) else "otp_setup"
            url = reverse(target)
            if request.method == "GET":
                url = f"{url}?{urlencode({'next': request.get_full_path()})}"
            return redirect(url)
        return self.get_response(request)
