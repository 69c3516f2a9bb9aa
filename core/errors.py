"""The base of the apps' domain errors (referrals.errors, allocation.errors)."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """An error a view shows the user as a form error or a message, never as a 500. Its
    message is an English msgid, translated in the UI, and never contains client data:
    it may end up in logs."""

    default_message = _("The action could not be completed.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))
