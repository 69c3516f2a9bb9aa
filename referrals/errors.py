"""Domain errors of the referral module. Each carries a user-facing message (English msgid,
translated to Czech); a view shows it as a form error or a message, never as a 500.
Messages never contain client data: they may end up in logs."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class ReferralError(DomainError):
    pass


class ActionNotPermitted(ReferralError):
    default_message = _("You do not have permission to do this with this case.")


class TransitionNotAllowed(ReferralError):
    default_message = _("This step is not possible in the referral's current state.")


class ConsentMissing(ReferralError):
    default_message = _(
        "The client has not consented to share data with the receiving organisation. "
        "Record the signed consent first."
    )


class ReasonRequired(ReferralError):
    default_message = _("Please give a reason.")


class CriteriaIncomplete(ReferralError):
    default_message = _("Answer every intake criterion of the programme before submitting.")


class ConditionsUnmet(ReferralError):
    """Required intake conditions are not met (the message names them)."""

    default_message = _("Required intake conditions of the programme are not met.")


class LeaseTooLong(ReferralError):
    default_message = _("The lease is longer than the programme allows.")


class LeaseTooShort(ReferralError):
    default_message = _("The lease is shorter than the programme allows.")


class RenewalBasisMissing(ReferralError):
    default_message = _(
        "Say what the renewal rests on: the number of the resolution or the decision."
    )


class InvalidDates(ReferralError):
    default_message = _("The dates do not make sense together.")


class ImpossibleData(ReferralError):
    """A value no record can hold (a date of birth in the future, a negative income): the
    service's own check, for a caller that skipped the form."""

    default_message = _("Some of the data are not possible; check them.")


class ProgrammeUnavailable(ReferralError):
    default_message = _("This programme does not accept referrals now.")


class InvalidKeyWorker(ReferralError):
    default_message = _("The key worker must be an active social worker of the organisation.")


class AttachmentInvalid(ReferralError):
    default_message = _("The file cannot be accepted.")


class MembershipError(ReferralError):
    default_message = _("The membership could not be changed.")


class ErasureGroundRequired(ReferralError):
    default_message = _("Choose the legal ground for the erasure.")


class ErasureRefused(ReferralError):
    default_message = _("The client's data cannot be erased now.")


class ExportFontsMissing(ReferralError):
    default_message = _("The PDF cannot be made on this server (fonts are missing); use JSON.")


class PaymentInvalid(ReferralError):
    default_message = _("The payment cannot be recorded.")


class VariableSymbolTaken(ReferralError):
    default_message = _(
        "Another stay your organisation keeps already has this variable symbol; payments "
        "could not be told apart."
    )


class PaymentListInvalid(ReferralError):
    """A payment list with bad rows: nothing of it was imported. `problems` lists
    (line number, what is wrong) for the page to show."""

    default_message = _("The payment list was not imported: correct the rows below.")

    def __init__(self, message=None, *, problems=()):
        super().__init__(message)
        self.problems = list(problems)


class SuggestionGone(ReferralError):
    default_message = _(
        "The payment record no longer supports this move (a payment or a breach was recorded "
        "since). Reload the page."
    )
