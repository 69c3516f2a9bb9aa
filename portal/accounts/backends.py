from axes.backends import AxesStandaloneBackend
from django.conf import settings


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, stepping aside when axes is switched off.

    axes insists on a request even when disabled; Django's test client and management
    shells authenticate without one."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.AXES_ENABLED:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
