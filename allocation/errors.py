"""Domain errors of allocation, each with a user-facing message (English msgid, Czech in the
UI). Messages never contain client data."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class AllocationError(DomainError):
    pass


class NotPermitted(AllocationError):
    default_message = _("You do not have permission to do this.")


class WrongState(AllocationError):
    default_message = _("This is not possible in the current state.")


class Unsuitable(AllocationError):
    default_message = _("The applicant does not fit this flat.")


class SkipReasonRequired(AllocationError):
    default_message = _(
        "Suitable applicants rank above this one: offering the flat past them needs a reason "
        "from the code list."
    )
