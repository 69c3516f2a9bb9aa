"""Domain errors of allocation, each with a user-facing message (English msgid, Czech in the
UI). Messages never contain client data."""

from django.utils.translation import gettext_lazy as _


class AllocationError(Exception):
    default_message = _("The action could not be completed.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotPermitted(AllocationError):
    default_message = _("You do not have permission to do this.")


class WrongState(AllocationError):
    default_message = _("This is not possible in the current state.")


class Unsuitable(AllocationError):
    default_message = _("The applicant does not fit this flat.")
