from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import backends, get_user_model

from core.access import SECRETARIAT_CACHE_ATTR, secretariat_annotation
from partners.selectors import signed_in_user


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, stepping aside when axes is switched off.

    axes insists on a request even when disabled; Django's test client and management
    shells authenticate without one."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.AXES_ENABLED:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend, whose request user comes with whether they are in the
    secretariat (core.access.is_secretariat): every page's menu asks it, and read with the
    user's row it is not a statement of its own. The user and its memberships come from
    the shared cache while they are unchanged (partners.selectors.signed_in_user). Only
    the loading of the session's user differs; authentication and permissions are
    Django's."""

    def get_user(self, user_id):
        return signed_in_user(user_id, lambda: self._load_user(user_id))

    def _load_user(self, user_id):
        users = get_user_model()._default_manager.annotate(
            **{SECRETARIAT_CACHE_ATTR: secretariat_annotation()}
        )
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
